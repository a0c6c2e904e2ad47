"""Shared service settings: production refuses placeholders; environment variables with a prefix."""

from __future__ import annotations

import base64
import json
import os

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import (
    DEV_WEBHOOK_SECRET,
    AuthSettings,
    EventSettings,
    OpsSettings,
    ServiceSettings,
    Subscription,
    TracingSettings,
    webhook_secret_problem,
)

REAL_SECRET = "whsec_UWAsXNFisI/0jy/TYS34tJ501Q1YVbP0EKLcxHlC7a8="  # base64 of 32 random bytes
JWKS = "https://maskinporten.no/jwk"


class XSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="X_")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """ServiceSettings has no prefix: keep stray variables such as ENVIRONMENT out of these tests."""
    fields = {name.upper() for name in ServiceSettings.model_fields}
    for name in list(os.environ):
        if name.upper() in fields or name.upper().split("__")[0] in fields or name.upper().startswith("X_"):
            monkeypatch.delenv(name)


def _production(**overrides: object) -> ServiceSettings:
    values: dict[str, object] = {
        "environment": "production",
        "auth": AuthSettings(jwks_url=JWKS, issuer="https://maskinporten.no/"),
        "events": EventSettings(inbox_secret=REAL_SECRET),
    }
    return ServiceSettings(**(values | overrides))


def test_development_accepts_the_defaults() -> None:
    settings = ServiceSettings()
    assert settings.environment == "development"
    assert settings.events.inbox_secret == DEV_WEBHOOK_SECRET
    assert settings.auth.jwks_url is None


def test_test_environment_accepts_placeholders() -> None:
    settings = ServiceSettings(environment="test", events=EventSettings(inbox_secret="changeme"))
    assert settings.events.inbox_secret == "changeme"


def test_production_accepts_real_secrets_and_a_jwks_url() -> None:
    settings = _production(
        events=EventSettings(
            inbox_secret=REAL_SECRET,
            subscriptions=[Subscription(name="leave", url="https://leave/events", types=["t"], secret=REAL_SECRET)],
        )
    )
    assert settings.environment == "production"
    assert settings.auth.jwks_url == JWKS


@pytest.mark.parametrize("secret", [DEV_WEBHOOK_SECRET, "changeme", "secret", "dev"])
def test_production_refuses_a_placeholder_inbox_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match=r"events\.inbox_secret"):
        _production(events=EventSettings(inbox_secret=secret))


def test_production_refuses_the_default_inbox_secret() -> None:
    with pytest.raises(ValidationError, match=r"events\.inbox_secret"):
        _production(events=EventSettings())


def test_production_refuses_a_placeholder_subscription_secret() -> None:
    events = EventSettings(
        inbox_secret=REAL_SECRET,
        subscriptions=[
            Subscription(name="good", url="https://a/events", types=["t"], secret=REAL_SECRET),
            Subscription(name="leave", url="https://leave/events", types=["t"]),  # default: the dev secret
        ],
    )
    with pytest.raises(ValidationError) as caught:
        _production(events=events)
    message = str(caught.value)
    assert "events.subscriptions[leave].secret" in message
    assert "subscriptions[good]" not in message


def test_production_refuses_a_missing_jwks_url() -> None:
    with pytest.raises(ValidationError, match=r"auth\.jwks_url"):
        _production(auth=AuthSettings())


def test_production_from_environment_variables_with_a_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_ENVIRONMENT", "production")
    monkeypatch.setenv("X_EVENTS__INBOX_SECRET", DEV_WEBHOOK_SECRET)
    monkeypatch.setenv("X_AUTH__JWKS_URL", JWKS)
    monkeypatch.setenv("X_AUTH__ISSUER", "https://maskinporten.no/")
    with pytest.raises(ValidationError, match=r"events\.inbox_secret"):
        XSettings()
    monkeypatch.setenv("X_EVENTS__INBOX_SECRET", REAL_SECRET)
    assert XSettings().events.inbox_secret == REAL_SECRET


def test_env_vars_with_prefix_and_nested_delimiter(monkeypatch: pytest.MonkeyPatch) -> None:
    subscriptions = [
        {
            "name": "leave",
            "url": "http://leave:8000/events",
            "types": ["no.folkevalgt.meetings.body.membership.changed.v1"],
        }
    ]
    monkeypatch.setenv("X_SERVICE_NAME", "x-service")
    monkeypatch.setenv("X_DATABASE_POOL_SIZE", "3")
    monkeypatch.setenv("X_EVENTS__MAX_ATTEMPTS", "3")
    monkeypatch.setenv("X_EVENTS__SUBSCRIPTIONS", json.dumps(subscriptions))
    monkeypatch.setenv("X_AUTH__SUBJECT_CLAIMS", '["consumer.ID"]')
    monkeypatch.setenv("X_LOG_LEVEL", "")  # empty values are ignored: the default stays
    monkeypatch.setenv("EVENTS__MAX_ATTEMPTS", "99")  # no prefix: not ours
    settings = XSettings()
    assert settings.service_name == "x-service"
    assert settings.database_pool_size == 3
    assert settings.events.max_attempts == 3
    assert settings.events.subscriptions == [Subscription(**subscriptions[0])]  # type: ignore[arg-type]
    assert settings.events.subscriptions[0].secret == DEV_WEBHOOK_SECRET
    assert settings.events.relay_batch_size == EventSettings().relay_batch_size  # untouched nested default
    assert settings.auth.subject_claims == ["consumer.ID"]
    assert settings.log_level == "INFO"


def test_env_var_with_a_bad_value_fails_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_EVENTS__MAX_ATTEMPTS", "many")
    with pytest.raises(ValidationError, match="max_attempts"):
        XSettings()


def test_explicit_values_win_over_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_SERVICE_NAME", "from-env")
    assert XSettings(service_name="explicit").service_name == "explicit"


@pytest.mark.parametrize(
    ("secret", "why"),
    [
        ("password123", "not a Standard Webhooks secret"),
        ("whsec_not base64!", "not base64"),
        ("whsec_" + base64.b64encode(bytes(range(100, 120))).decode(), "20 bytes"),  # 20 bytes: too few
        ("whsec_" + base64.b64encode(b"production-secret-value-123456").decode(), "text, not random bytes"),
    ],
)
def test_production_refuses_a_webhook_secret_that_is_not_24_random_bytes(secret: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        _production(events=EventSettings(inbox_secret=secret))
    assert webhook_secret_problem(REAL_SECRET) is None


def test_a_secret_of_exactly_24_random_bytes_is_enough() -> None:
    raw = bytes([0, 255, 1, 254, 2, 253, 3, 252, 4, 251, 5, 250, 6, 249, 7, 248, 8, 247, 9, 246, 10, 245, 11, 244])
    assert webhook_secret_problem("whsec_" + base64.b64encode(raw).decode()) is None
    assert webhook_secret_problem("whsec_" + base64.b64encode(raw[:23]).decode()) == (
        "23 bytes; at least 24 random bytes are required"
    )


def test_production_refuses_the_dev_issuer_and_a_missing_issuer() -> None:
    with pytest.raises(ValidationError, match=r"auth\.issuer"):
        _production(auth=AuthSettings(jwks_url=JWKS))  # the default issuer is the dev one
    with pytest.raises(ValidationError, match=r"auth\.issuer"):
        _production(auth=AuthSettings(jwks_url=JWKS, issuer=""))


@pytest.mark.parametrize("audience", [None, ""])
def test_production_refuses_to_switch_the_audience_check_off(audience: str | None) -> None:
    with pytest.raises(ValidationError, match=r"auth\.audience"):
        _production(auth=AuthSettings(jwks_url=JWKS, issuer="https://maskinporten.no/", audience=audience))


def test_production_refuses_a_dev_key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    auth = AuthSettings(jwks_url=JWKS, issuer="https://maskinporten.no/", dev_key_file="var/dev-signing-key.pem")
    with pytest.raises(ValidationError, match=r"auth\.dev_key_file"):
        _production(auth=auth)
    monkeypatch.setenv("X_ENVIRONMENT", "production")
    monkeypatch.setenv("X_EVENTS__INBOX_SECRET", REAL_SECRET)
    monkeypatch.setenv("X_AUTH__JWKS_URL", JWKS)
    monkeypatch.setenv("X_AUTH__ISSUER", "https://maskinporten.no/")
    assert XSettings().auth.jwks_url == JWKS
    monkeypatch.setenv("X_AUTH__DEV_KEY_FILE", "/srv/dev-signing-key.pem")
    with pytest.raises(ValidationError, match=r"auth\.dev_key_file"):
        XSettings()


def test_development_keeps_its_conveniences() -> None:
    settings = ServiceSettings(auth=AuthSettings(audience=None), events=EventSettings(inbox_secret="changeme"))
    assert settings.auth.audience is None
    assert settings.ops_access("docs") == settings.ops_access("metrics") == "public"


def test_ops_endpoints_need_the_ops_scope_in_production_unless_configured() -> None:
    assert _production().ops_access("docs") == "ops-scope"
    assert _production().ops_access("metrics") == "ops-scope"
    configured = _production(ops=OpsSettings(metrics="public", docs="off"))
    assert (configured.ops_access("metrics"), configured.ops_access("docs")) == ("public", "off")


def test_tracing_is_off_by_default_and_otlp_needs_an_endpoint() -> None:
    assert ServiceSettings().tracing.exporter == "none"
    with pytest.raises(ValidationError, match="otlp_endpoint"):
        TracingSettings(exporter="otlp")
    assert TracingSettings(exporter="otlp", otlp_endpoint="http://collector:4318/v1/traces").sample_ratio == 1.0
