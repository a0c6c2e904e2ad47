"""The gateway as deployed: production settings that start, operators' paths kept off the
Ingress, `make up` that says what is missing, and a Grafana dashboard that reads real metrics."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry
from pydantic import ValidationError

from gateway.config import Settings
from gateway.metrics import GatewayMetrics

ROOT = Path(__file__).resolve().parents[2]
K8S_BASE = ROOT / "deploy" / "k8s" / "base"
DASHBOARD = ROOT / "deploy" / "grafana" / "folkevalgt.json"
SERVICES = ["meetings", "leave", "remuneration", "access", "feedback", "gateway"]
# What the services expose (their implementation is theirs; the names are agreed here).
SERVICE_METRICS = {
    "folkevalgt_outbox_backlog",
    "folkevalgt_outbox_oldest_age_seconds",
    "folkevalgt_event_deliveries_total",
    "folkevalgt_dead_letters",
    "folkevalgt_relay_lag_seconds",
    "folkevalgt_inbox_duplicates_total",
    "http_requests_total",
    "http_request_duration_seconds",
}


def documents(name: str) -> dict[tuple[str, str], dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all((K8S_BASE / name).read_text(encoding="utf-8")) if d]
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


@pytest.fixture(scope="module")
def gateway_objects() -> dict[tuple[str, str], dict[str, Any]]:
    return documents("gateway.yaml")


def container(deployment: dict[str, Any]) -> dict[str, Any]:
    [only] = deployment["spec"]["template"]["spec"]["containers"]
    return only


# --- Kubernetes -----------------------------------------------------------------------------------


def test_k8s_gateway_settings_start_in_production(
    gateway_objects: dict[tuple[str, str], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = gateway_objects[("ConfigMap", "gateway-config")]["data"]
    assert data["GATEWAY_ENVIRONMENT"] == "production"
    for key, value in data.items():
        monkeypatch.setenv(key, str(value))
    settings = Settings()
    assert settings.ops_access == "listener" and settings.auth.audience
    monkeypatch.delenv("GATEWAY_AUTH__AUDIENCE")
    with pytest.raises(ValidationError, match="audience"):
        Settings()


@pytest.mark.parametrize("service", SERVICES)
def test_k8s_every_service_names_its_identity_providers_keys_issuer_and_audience(service: str) -> None:
    data = documents(f"{service}.yaml")[("ConfigMap", f"{service}-config")]["data"]
    prefix = service.upper()
    for key in ("JWKS_URL", "ISSUER", "AUDIENCE"):
        assert data.get(f"{prefix}_AUTH__{key}", "").startswith("https://"), key


def test_k8s_operators_port_is_separate_and_never_behind_the_ingress(
    gateway_objects: dict[tuple[str, str], dict[str, Any]],
) -> None:
    data = gateway_objects[("ConfigMap", "gateway-config")]["data"]
    ports = {p["name"]: p["containerPort"] for p in container(gateway_objects[("Deployment", "gateway")])["ports"]}
    assert ports["ops"] == int(data["GATEWAY_OPS_PORT"]) and ports["ops"] != ports["http"]

    public = gateway_objects[("Service", "gateway")]["spec"]["ports"]
    assert [p["targetPort"] for p in public] == ["http"]
    ops = gateway_objects[("Service", "gateway-ops")]
    assert [p["targetPort"] for p in ops["spec"]["ports"]] == ["ops"]
    assert ops["spec"]["type"] == "ClusterIP"

    annotations = gateway_objects[("Deployment", "gateway")]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(ports["ops"])

    [ingress] = documents("ingress.yaml").values()
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert backends == [{"name": "gateway", "port": {"name": "http"}}]


def _service_ports(service: str) -> list[dict[str, object]]:
    ports: list[dict[str, object]] = documents(f"{service}.yaml")[("Service", service)]["spec"]["ports"]
    return ports


@pytest.mark.parametrize("service", SERVICES)
def test_k8s_prometheus_scrapes_every_service_where_its_metrics_are(service: str) -> None:
    deployment = documents(f"{service}.yaml")[("Deployment", service)]
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    ports = {p["name"]: p["containerPort"] for p in container(deployment)["ports"]}
    assert annotations["prometheus.io/scrape"] == "true" and annotations["prometheus.io/path"] == "/metrics"
    assert int(annotations["prometheus.io/port"]) == ports["ops" if service == "gateway" else "metrics"]
    if service != "gateway":
        # In production /metrics on the API port needs an ops:read token; the scraper has none, so the
        # service also serves it on the metrics listener, which no Service or Ingress routes to.
        config = documents(f"{service}.yaml")[("ConfigMap", f"{service}-config")]["data"]
        assert config[f"{service.upper()}_OPS__METRICS_PORT"] == str(ports["metrics"])
        assert all(p["targetPort"] != "metrics" and p["port"] != ports["metrics"] for p in _service_ports(service))


# --- docker compose ---------------------------------------------------------------------------------


def test_compose_passes_the_identity_provider_to_every_service() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    for service in SERVICES:
        env = compose[service]["environment"]
        prefix = service.upper()
        assert env[f"{prefix}_AUTH__JWKS_URL"] == "${AUTH_JWKS_URL:-}"
        assert env[f"{prefix}_AUTH__ISSUER"] == "${AUTH_ISSUER:-}"
        assert env[f"{prefix}_AUTH__AUDIENCE"] == "${AUTH_AUDIENCE:-}"


# --- make up / make down ------------------------------------------------------------------------------


def fake_bin(tmp_path: Path, docker: str | None) -> dict[str, str]:
    """A PATH with make and sh, and `docker` only as the given script."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("make", "sh"):
        found = shutil.which(tool)
        assert found, f"{tool} is needed for this test"
        (bin_dir / tool).symlink_to(found)
    if docker is not None:
        script = bin_dir / "docker"
        script.write_text("#!/bin/sh\n" + docker, encoding="utf-8")
        script.chmod(0o755)
    return {**os.environ, "PATH": str(bin_dir)}


def make(target: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-s", "-C", str(ROOT), target], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_make_up_without_docker_says_so(tmp_path: Path) -> None:
    result = make("up", fake_bin(tmp_path, None))
    assert result.returncode != 0
    assert "make up needs Docker with the compose plugin: docker is not installed" in result.stderr
    assert "unknown" not in result.stderr


def test_make_up_without_the_compose_plugin_says_so(tmp_path: Path) -> None:
    # What the docker CLI answers when the plugin is missing.
    docker = 'echo "docker: unknown command: docker $1" >&2; exit 1\n'
    result = make("up", fake_bin(tmp_path, docker))
    assert result.returncode != 0
    assert "docker is installed but 'docker compose' is not" in result.stderr
    assert "unknown command" not in result.stderr and "unknown flag" not in result.stderr


def test_make_up_with_the_daemon_down_says_so(tmp_path: Path) -> None:
    docker = 'case "$1" in compose) exit 0;; info) echo "Cannot connect" >&2; exit 1;; esac\n'
    result = make("down", fake_bin(tmp_path, docker))
    assert result.returncode != 0
    assert "make down needs Docker" in result.stderr and "daemon does not answer" in result.stderr


def test_make_up_and_down_run_docker_compose(tmp_path: Path) -> None:
    log = tmp_path / "calls"
    docker = f'echo "$*" >> {log}\nexit 0\n'
    env = fake_bin(tmp_path, docker)
    assert make("up", env).returncode == 0
    assert make("down", env).returncode == 0
    calls = log.read_text(encoding="utf-8").splitlines()
    assert calls[-1] == "compose down" and "compose up --build" in calls


# --- Grafana dashboard ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def expressions(dashboard: dict[str, Any]) -> list[str]:
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def gateway_metric_names() -> set[str]:
    registry = CollectorRegistry()
    GatewayMetrics(registry, ["meetings"])
    names = set()
    for family in registry.collect():
        suffixes = {"counter": ("_total",), "histogram": ("", "_bucket", "_sum", "_count")}.get(family.type, ("",))
        names |= {family.name + suffix for suffix in suffixes}
    return names


def test_dashboard_reads_only_metrics_that_exist(dashboard: dict[str, Any]) -> None:
    known = gateway_metric_names()
    for expr in expressions(dashboard):
        assert expr.count("(") == expr.count(")") and expr.count("{") == expr.count("}"), expr
        for name in re.findall(r"\b((?:folkevalgt|http)_[a-z_]+)", expr):
            if name.startswith("folkevalgt_gateway_"):
                assert name in known, f"{name} is not a gateway metric"
            else:
                assert re.sub(r"_(bucket|sum|count)$", "", name) in SERVICE_METRICS, name


def test_dashboard_covers_the_gateway_and_every_service_metric(dashboard: dict[str, Any]) -> None:
    used = {
        re.sub(r"_(bucket|sum|count)$", "", name)
        for expr in expressions(dashboard)
        for name in re.findall(r"\b((?:folkevalgt|http)_[a-z_]+)", expr)
    }
    assert SERVICE_METRICS <= used
    gateway = {
        "folkevalgt_gateway_requests_total",
        "folkevalgt_gateway_upstream_duration_seconds",
        "folkevalgt_gateway_upstream_errors_total",
        "folkevalgt_gateway_rejected_total",
    }
    assert gateway <= used
    per_subscriber = [e for e in expressions(dashboard) if "folkevalgt_outbox" in e or "folkevalgt_dead_letters" in e]
    assert per_subscriber and all("subscriber" in e for e in per_subscriber)


def test_dashboard_is_ready_to_import(dashboard: dict[str, Any]) -> None:
    assert dashboard["uid"] and dashboard["title"] and "id" not in dashboard
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}, panel["title"]
        assert panel["targets"] and panel["description"], panel["title"]
        assert 0 <= panel["gridPos"]["x"] and panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24
