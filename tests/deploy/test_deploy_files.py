"""Static checks of the deployment files: docker-compose.yml, deploy/Dockerfile, deploy/k8s.

Nothing is built or started; the files are parsed and compared against the list of services,
so removing a service (or its probes, migration, database or secrets) from any of them fails here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
POSTGRES_INIT = ROOT / "deploy" / "postgres" / "init.sh"
SUBSCRIPTIONS = ROOT / "config" / "subscriptions.yaml"
K8S = ROOT / "deploy" / "k8s"
K8S_BASE = K8S / "base"

DB_SERVICES = ["meetings", "leave", "remuneration", "access", "feedback"]
SERVICES = [*DB_SERVICES, "gateway"]
EVENT_RECEIVERS = ["leave", "remuneration", "access", "feedback"]
MIGRATE_COMMAND = ["python", "-m", "folkevalgt_devstack", "migrate"]

# ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}
_INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def prefix(service: str) -> str:
    return service.upper()


def interpolate(value: str) -> str:
    """Resolve compose interpolation the way an empty environment would (defaults, else a stand-in)."""

    def replace(match: re.Match[str]) -> str:
        if match["op"] in (":-", "-"):
            return match["arg"]
        return f"unset-{match['name'].lower()}"

    return _INTERPOLATION.sub(replace, value)


# --- loading -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def compose_env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: str(value) for key, value in env.items()}


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def load_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


@pytest.fixture(scope="module")
def base_objects() -> dict[tuple[str, str], dict[str, Any]]:
    objects: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(K8S_BASE.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in load_documents(path):
            key = (doc["kind"], doc["metadata"]["name"])
            assert key not in objects, f"{key} defined twice in the base"
            objects[key] = doc
    return objects


def get(objects: dict[tuple[str, str], dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    assert (kind, name) in objects, f"no {kind} named {name!r} in {K8S_BASE.relative_to(ROOT)}"
    return objects[(kind, name)]


def only_container(pod_spec: dict[str, Any]) -> dict[str, Any]:
    containers = pod_spec["containers"]
    assert len(containers) == 1
    return containers[0]


def secret_key_refs(container: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Environment variable -> (Secret name, key) for every secretKeyRef of a container."""
    refs = {}
    for item in container.get("env", []):
        ref = (item.get("valueFrom") or {}).get("secretKeyRef")
        if ref:
            refs[item["name"]] = (ref["name"], ref["key"])
    return refs


def config_map_refs(container: dict[str, Any]) -> list[str]:
    return [source["configMapRef"]["name"] for source in container.get("envFrom", []) if "configMapRef" in source]


# --- every YAML parses ---------------------------------------------------------------------------


def test_every_k8s_yaml_file_parses() -> None:
    files = sorted(K8S.rglob("*.yaml")) + sorted(K8S.rglob("*.yml"))
    assert files
    for path in files:
        docs = load_documents(path)
        assert docs, f"{path.relative_to(ROOT)} is empty"
        for doc in docs:
            assert isinstance(doc, dict)
            if path.name != "kustomization.yaml":
                assert {"apiVersion", "kind", "metadata"} <= doc.keys(), path.relative_to(ROOT)


# --- Dockerfile ----------------------------------------------------------------------------------


def test_dockerfile_selects_service_runs_unprivileged_and_has_healthcheck() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    instructions = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    froms = [line for line in instructions if line.upper().startswith("FROM ")]
    assert len(froms) >= 2, "expected a multi-stage build"
    assert any(re.fullmatch(r"ARG SERVICE(=.*)?", line) for line in instructions)
    assert any(re.match(r"ENV SERVICE=\$\{?SERVICE\}?", line) for line in instructions)
    assert "python:3.11-slim" in text

    users = [line.split(None, 1)[1] for line in instructions if line.upper().startswith("USER ")]
    assert users, "no USER instruction"
    assert users[-1].split(":")[0] not in {"root", "0"}, "the runtime stage must not run as root"

    assert "HEALTHCHECK" in text
    assert "/health/live" in text
    assert re.search(r"uv sync --frozen --no-dev\b.*--package \"?\$\{?SERVICE", text)
    assert "folkevalgt-devstack" in text
    cmd = [line for line in instructions if line.upper().startswith("CMD ")]
    assert cmd and "--factory" in cmd[-1] and "main:create_app" in cmd[-1] and "--port 8000" in cmd[-1]


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_accepts_service(service: str) -> None:
    assert re.search(rf"\b{service}\b", DOCKERFILE.read_text(encoding="utf-8"))


def test_dockerignore_excludes_local_state() -> None:
    patterns = {
        line.strip().removeprefix("**/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "var", ".git", "__pycache__"} <= patterns


# --- docker compose ------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_compose_service_is_built_from_the_dockerfile_with_healthcheck(
    compose_services: dict[str, dict[str, Any]], service: str
) -> None:
    assert service in compose_services, f"{service} missing from docker-compose.yml"
    spec = compose_services[service]
    build = spec["build"]
    assert build["dockerfile"] == "deploy/Dockerfile"
    assert build["args"]["SERVICE"] == service
    healthcheck = spec.get("healthcheck")
    assert healthcheck and not healthcheck.get("disable"), f"{service} has no healthcheck in docker-compose.yml"
    assert any("/health/live" in str(part) for part in healthcheck["test"])


@pytest.mark.parametrize("service", DB_SERVICES)
def test_compose_service_has_its_own_database_and_user(
    compose_services: dict[str, dict[str, Any]], service: str
) -> None:
    env = compose_env(compose_services[service])
    key = f"{prefix(service)}_DATABASE_URL"
    assert key in env, f"{service} has no {key}"
    url = urlsplit(interpolate(env[key]))
    assert url.scheme == "postgresql+asyncpg"
    assert url.hostname == "postgres"
    assert url.path == f"/{service}", f"{service} must use its own database"
    assert url.username == service, f"{service} must use its own database user"


def test_compose_database_users_and_databases_are_distinct(compose_services: dict[str, dict[str, Any]]) -> None:
    urls = [urlsplit(interpolate(compose_env(compose_services[s])[f"{prefix(s)}_DATABASE_URL"])) for s in DB_SERVICES]
    assert len({url.username for url in urls}) == len(DB_SERVICES)
    assert len({url.path for url in urls}) == len(DB_SERVICES)
    assert len({url.password for url in urls}) == len(DB_SERVICES)


@pytest.mark.parametrize("service", DB_SERVICES)
def test_compose_postgres_init_creates_database_and_user(
    compose_services: dict[str, dict[str, Any]], service: str
) -> None:
    postgres = compose_services["postgres"]
    assert str(postgres["image"]).startswith("postgres:16")
    assert postgres.get("healthcheck")
    assert any("docker-entrypoint-initdb.d" in str(volume) for volume in postgres["volumes"])
    init = POSTGRES_INIT.read_text(encoding="utf-8")
    assert re.search(rf"^create_database {service} \"\$\{{{prefix(service)}_DB_PASSWORD", init, re.M)
    assert f"{prefix(service)}_DB_PASSWORD" in compose_env(postgres)


@pytest.mark.parametrize("service", DB_SERVICES)
def test_compose_service_waits_for_database_and_its_migration(
    compose_services: dict[str, dict[str, Any]], service: str
) -> None:
    migrate_name = f"migrate-{service}"
    assert migrate_name in compose_services, f"no {migrate_name} in docker-compose.yml"
    migrate = compose_services[migrate_name]
    assert migrate["command"] == [*MIGRATE_COMMAND, service]
    assert migrate["build"]["args"]["SERVICE"] == service
    key = f"{prefix(service)}_DATABASE_URL"
    assert compose_env(migrate)[key] == compose_env(compose_services[service])[key]
    assert depends_on(migrate).get("postgres") == "service_healthy"

    deps = depends_on(compose_services[service])
    assert deps.get("postgres") == "service_healthy"
    assert deps.get(migrate_name) == "service_completed_successfully"


@pytest.mark.parametrize("receiver", EVENT_RECEIVERS)
def test_compose_meetings_publishes_events_to(compose_services: dict[str, dict[str, Any]], receiver: str) -> None:
    env = compose_env(compose_services["meetings"])
    subscriptions = json.loads(interpolate(env["MEETINGS_EVENTS__SUBSCRIPTIONS"]))
    by_name = {sub["name"]: sub for sub in subscriptions}
    assert receiver in by_name, f"meetings does not publish to {receiver}"
    assert by_name[receiver]["url"] == f"http://{receiver}:8000/events"
    # Signed with the receiver's inbox secret: the same expression feeds both sides.
    receiver_secret = compose_env(compose_services[receiver])[f"{prefix(receiver)}_EVENTS__INBOX_SECRET"]
    assert by_name[receiver]["secret"] == interpolate(receiver_secret)


def test_compose_subscriptions_follow_config(compose_services: dict[str, dict[str, Any]]) -> None:
    """Receivers and event types are those of config/subscriptions.yaml, for every publisher."""
    config = yaml.safe_load(SUBSCRIPTIONS.read_text(encoding="utf-8")) or {}
    for service in DB_SERVICES:
        raw = compose_env(compose_services[service]).get(f"{prefix(service)}_EVENTS__SUBSCRIPTIONS", "[]")
        deployed = {sub["name"]: sub["types"] for sub in json.loads(interpolate(raw))}
        assert deployed == (config.get(service) or {}), f"{service} subscriptions differ from config"


@pytest.mark.parametrize("service", DB_SERVICES)
def test_compose_gateway_routes_to(compose_services: dict[str, dict[str, Any]], service: str) -> None:
    gateway = compose_services["gateway"]
    assert compose_env(gateway)[f"GATEWAY_SERVICES__{prefix(service)}"] == f"http://{service}:8000"
    assert depends_on(gateway).get(service) == "service_healthy"


def test_compose_publishes_only_the_gateway(compose_services: dict[str, dict[str, Any]]) -> None:
    assert compose_services["gateway"]["ports"] == ["${GATEWAY_PORT:-8000}:8000"]
    published = [name for name, spec in compose_services.items() if spec.get("ports")]
    assert published == ["gateway"]


# --- Kubernetes base -----------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_k8s_deployment_has_probes_resources_and_non_root(
    base_objects: dict[tuple[str, str], dict[str, Any]], service: str
) -> None:
    deployment = get(base_objects, "Deployment", service)
    pod = deployment["spec"]["template"]["spec"]
    container = only_container(pod)
    assert container["image"].startswith(f"folkevalgt/{service}")
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert {"cpu", "memory"} <= container["resources"]["requests"].keys()
    assert {"cpu", "memory"} <= container["resources"]["limits"].keys()
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert f"{service}-config" in config_map_refs(container)
    get(base_objects, "ConfigMap", f"{service}-config")

    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()


@pytest.mark.parametrize("service", SERVICES)
def test_k8s_service_hpa_and_pdb_select_the_deployment(
    base_objects: dict[tuple[str, str], dict[str, Any]], service: str
) -> None:
    deployment = get(base_objects, "Deployment", service)
    pod_labels = deployment["spec"]["template"]["metadata"]["labels"]

    svc = get(base_objects, "Service", service)
    assert svc["spec"]["selector"].items() <= pod_labels.items()
    assert [port["port"] for port in svc["spec"]["ports"]] == [8000]

    hpa = get(base_objects, "HorizontalPodAutoscaler", service)
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": service}
    assert hpa["spec"]["minReplicas"] in range(1, hpa["spec"]["maxReplicas"] + 1)

    pdb = get(base_objects, "PodDisruptionBudget", service)
    assert pdb["apiVersion"] == "policy/v1"
    assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()


@pytest.mark.parametrize("service", DB_SERVICES)
def test_k8s_deployment_reads_database_url_from_its_own_secret(
    base_objects: dict[tuple[str, str], dict[str, Any]], service: str
) -> None:
    container = only_container(get(base_objects, "Deployment", service)["spec"]["template"]["spec"])
    refs = secret_key_refs(container)
    for key in (f"{prefix(service)}_DATABASE_URL", f"{prefix(service)}_EVENTS__INBOX_SECRET"):
        assert refs.get(key) == (f"{service}-secrets", key), f"{service} does not read {key} from {service}-secrets"
    assert {secret for secret, _ in refs.values()} == {f"{service}-secrets"}
    config = get(base_objects, "ConfigMap", f"{service}-config")
    assert config["data"][f"{prefix(service)}_ENVIRONMENT"] == "production"


@pytest.mark.parametrize("service", DB_SERVICES)
def test_k8s_migration_job(base_objects: dict[tuple[str, str], dict[str, Any]], service: str) -> None:
    jobs = [
        doc
        for (kind, _), doc in base_objects.items()
        if kind == "Job"
        and only_container(doc["spec"]["template"]["spec"]).get("command") == [*MIGRATE_COMMAND, service]
    ]
    assert len(jobs) == 1, f"expected one migration Job for {service}"
    pod = jobs[0]["spec"]["template"]["spec"]
    container = only_container(pod)
    assert container["image"].startswith(f"folkevalgt/{service}")
    assert pod["restartPolicy"] in {"Never", "OnFailure"}
    assert pod["securityContext"]["runAsNonRoot"] is True
    key = f"{prefix(service)}_DATABASE_URL"
    assert secret_key_refs(container).get(key) == (f"{service}-secrets", key)
    assert f"{service}-config" in config_map_refs(container)
    # The Job's pods must not be picked up by the Service or the PodDisruptionBudget.
    selector = get(base_objects, "Service", service)["spec"]["selector"]
    assert not selector.items() <= jobs[0]["spec"]["template"]["metadata"]["labels"].items()


def test_k8s_base_defines_no_secrets(base_objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert not [name for kind, name in base_objects if kind == "Secret"]
    kustomization = yaml.safe_load((K8S_BASE / "kustomization.yaml").read_text(encoding="utf-8"))
    assert "secretGenerator" not in kustomization


def test_k8s_only_the_gateway_has_an_ingress(base_objects: dict[tuple[str, str], dict[str, Any]]) -> None:
    ingresses = [doc for (kind, _), doc in base_objects.items() if kind == "Ingress"]
    assert len(ingresses) == 1
    backends = {
        path["backend"]["service"]["name"] for rule in ingresses[0]["spec"]["rules"] for path in rule["http"]["paths"]
    }
    assert backends == {"gateway"}


@pytest.mark.parametrize("service", DB_SERVICES)
def test_k8s_gateway_routes_to(base_objects: dict[tuple[str, str], dict[str, Any]], service: str) -> None:
    data = get(base_objects, "ConfigMap", "gateway-config")["data"]
    assert data[f"GATEWAY_SERVICES__{prefix(service)}"] == f"http://{service}:8000"


# --- kustomizations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "directory", [K8S_BASE, K8S / "overlays" / "production"], ids=lambda path: path.relative_to(K8S).as_posix()
)
def test_kustomization_lists_exactly_the_files_present(directory: Path) -> None:
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text(encoding="utf-8"))
    listed = kustomization["resources"]
    assert len(listed) == len(set(listed)), "resource listed twice"
    files = {entry for entry in listed if (directory / entry).is_file()}
    dirs = {entry for entry in listed if (directory / entry).is_dir()}
    assert set(listed) == files | dirs, f"listed but missing: {set(listed) - files - dirs}"
    for entry in dirs:
        assert (directory / entry / "kustomization.yaml").is_file(), entry
    present = {
        path.name
        for path in directory.iterdir()
        if path.suffix in {".yaml", ".yml"} and path.name != "kustomization.yaml"
    }
    assert files == present, f"present but not listed: {present - files}"


@pytest.mark.parametrize("service", SERVICES)
def test_production_overlay_sets_image_and_replicas(service: str) -> None:
    kustomization = yaml.safe_load((K8S / "overlays" / "production" / "kustomization.yaml").read_text(encoding="utf-8"))
    assert "../../base" in kustomization["resources"]
    images = {image["name"]: image for image in kustomization["images"]}
    assert images[f"folkevalgt/{service}"]["newTag"]
    replicas = {entry["name"]: entry["count"] for entry in kustomization["replicas"]}
    assert replicas[service] >= 2
