"""Shared service settings: production refuses placeholders; environment variables with a prefix."""

from __future__ import annotations

import json
import os

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict

from folkevalgt_shared.settings import (
    DEV_WEBHOOK_SECRET,
    AuthSettings,
    EventSettings,
    ServiceSettings,
    Subscription,
)

REAL_SECRET = "whsec_cHJvZHVjdGlvbi1zZWNyZXQtdmFsdWUtMTIzNDU2"
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
