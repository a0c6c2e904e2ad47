"""RFC 9457 problem details: the errors a client can act on. Plain Python, so domain modules
can raise them; `http_errors` turns them into responses."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://folkevalgt.no/problems/"


class Problem(Exception):
    """An error the client can act on. Subclasses fix `status`, `slug` and `title`."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        rule: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.rule = rule
        self.errors = errors
        self.headers = headers
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        return problem_body(
            self.status, self.slug, self.title, self.detail, instance, self.rule, self.errors, **self.extra
        )


class NotFound(Problem):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(Problem):
    status, slug, title = 409, "conflict", "Conflict"


class RuleViolation(Problem):
    """A municipal rule refuses the request; `rule` names it (e.g. MTG-01)."""

    status, slug, title = 422, "rule-violation", "A rule of the municipality refuses this"


class InvalidInput(Problem):
    status, slug, title = 422, "invalid-input", "The request is not valid"


class UnknownReference(InvalidInput):
    """A body names a record that does not exist (`body.person_id` = an unknown id): the request is at
    fault, not the URL, so 422 naming the field rather than a 404 that reads as "this route is gone"."""

    def __init__(self, field: str, what: str, value: object = None) -> None:
        shown = "" if value is None else f" {value}"
        super().__init__(
            f"{field}: there is no {what}{shown}",
            errors=[{"field": field, "message": f"no {what} with this id", "code": "unknown_reference"}],
        )


class Unauthorized(Problem):
    status, slug, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})


class Forbidden(Problem):
    status, slug, title = 403, "forbidden", "Not allowed"


class PreconditionFailed(Problem):
    status, slug, title = 412, "precondition-failed", "The resource has changed"


def problem_body(
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str | None = None,
    rule: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if rule:
        body["rule"] = rule
    if errors:
        body["errors"] = errors
    body.update(extra)
    return body


def problem_responses(*problems: type[Problem]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries so the errors document themselves."""
    return {p.status: {"description": p.title, "content": {PROBLEM_JSON: {}}} for p in problems}
