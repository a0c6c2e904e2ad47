"""One OpenAPI document for every service: merged, normalised, and honest about what is old.

Each service's document comes under its prefix, its schemas renamed `<service>__<Name>` so
equal names in two services cannot collide. The merge also states what the gateway itself
guarantees for every operation: which need a token, and that every error is problem+json.
A service that cannot be reached keeps its last known document, marked stale; one never
reached since the gateway started is named as missing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from folkevalgt_shared.errors import PROBLEM_JSON

REF_PREFIX = "#/components/schemas/"
PROBLEM_REF = {"$ref": REF_PREFIX + "Problem"}
METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
# Service paths that are not part of the public API (the event inbox is service to service).
HIDDEN_PATHS = frozenset({"/events", "/metrics"})

# Problems every operation may answer, and those only an operation with a token may answer.
ERRORS = {
    "401": "No valid bearer token",
    "403": "The token lacks a scope this operation needs, or the caller may not see this",
    "404": "Not found",
    "409": "Conflict with the current state",
    "412": "If-Match does not match the current ETag",
    "422": "The request is not valid (`errors[]` names the fields) or a rule refuses it (`rule`)",
}
TOKEN_ERRORS = frozenset({"401", "403"})
# What the gateway itself may answer, whatever the service.
GATEWAY_ERRORS = {"429": "Too many requests from this client (see Retry-After)"}
BODY_ERRORS = {"413": "The request body is larger than the gateway accepts"}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Stable identifier of the kind of problem"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "rule": {"type": "string", "description": "The municipal rule that refused the request, e.g. MTG-01"},
        "errors": {
            "type": "array",
            "description": "The fields that are not valid",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
}

Status = Literal["current", "stale", "unavailable"]


@dataclass(frozen=True)
class ServiceDocument:
    """What the gateway knows of one service's document."""

    status: Status
    document: dict[str, Any] | None = None
    fetched_at: datetime | None = None  # when `document` was fetched
    error: str | None = None  # why the last attempt failed


def is_public(path: str, method: str, public_paths: tuple[str, ...]) -> bool:
    """Same decision as the proxy's: a GET or HEAD below a public prefix needs no token."""
    return method in ("get", "head") and path.startswith(public_paths)


def _rewrite_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                REF_PREFIX + prefix + v[len(REF_PREFIX) :]
                if k == "$ref" and isinstance(v, str) and v.startswith(REF_PREFIX)
                else _rewrite_refs(v, prefix)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v, prefix) for v in node]
    return node


def _refs(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith(REF_PREFIX):
                found.add(v[len(REF_PREFIX) :])
            else:
                _refs(v, found)
    elif isinstance(node, list):
        for v in node:
            _refs(v, found)


def normalise_operation(operation: dict[str, Any], public: bool) -> None:
    """Public operations need no token; every problem is documented as problem+json."""
    if public:
        operation["security"] = []
    responses = operation.setdefault("responses", {})
    expected = dict(ERRORS) | GATEWAY_ERRORS
    if "requestBody" in operation:
        expected |= BODY_ERRORS
    for code, description in expected.items():
        if public and code in TOKEN_ERRORS and code not in responses:
            continue  # no token is asked for, so none can be refused
        response = responses.setdefault(str(code), {"description": description})
        content = response.get("content") or {}
        # The services answer every error as problem+json, whatever a framework default claims
        # (FastAPI documents 422 as application/json HTTPValidationError).
        problem = content.get(PROBLEM_JSON) or {}
        if not problem.get("schema"):
            problem["schema"] = dict(PROBLEM_REF)
        response["content"] = {PROBLEM_JSON: problem}


def _notes(services: dict[str, ServiceDocument]) -> list[str]:
    notes = []
    for name, known in services.items():
        if known.status == "stale":
            assert known.fetched_at is not None
            notes.append(
                f"**{name}** could not be reached ({known.error}): its part is the document it published "
                f"at {known.fetched_at.isoformat(timespec='seconds')} and may be out of date."
            )
        elif known.status == "unavailable":
            notes.append(
                f"**{name}** has not been reached since the gateway started ({known.error}): "
                "its operations are missing."
            )
    return notes


def merge_openapi(
    gateway_spec: dict[str, Any], services: dict[str, ServiceDocument], public_paths: tuple[str, ...]
) -> dict[str, Any]:
    merged = copy.deepcopy(gateway_spec)
    paths = merged.setdefault("paths", {})
    components = merged.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    merged.setdefault("tags", [])
    for path, item in paths.items():
        for method, operation in item.items():
            if method in METHODS:
                normalise_operation(operation, is_public(path, method, public_paths))

    service_schemas: dict[str, Any] = {}
    for service, known in services.items():
        if known.document is None:
            continue
        spec = known.document
        prefix = f"{service}__"
        for path, item in _rewrite_refs(spec.get("paths", {}), prefix).items():
            if path in HIDDEN_PATHS:
                continue
            for method, operation in item.items():
                if method not in METHODS or not isinstance(operation, dict):
                    continue
                if "operationId" in operation:
                    operation["operationId"] = prefix + operation["operationId"]
                operation["tags"] = [f"{service}: {t}" for t in operation.get("tags", [])] or [service]
                if known.status == "stale":
                    operation["x-stale"] = True
                normalise_operation(operation, is_public(path, method, public_paths))
            paths[f"/{service}{path}"] = item
        for name, schema in _rewrite_refs(spec.get("components", {}).get("schemas", {}), prefix).items():
            service_schemas[prefix + name] = schema
        components.setdefault("securitySchemes", {}).update(spec.get("components", {}).get("securitySchemes", {}))

    # Only the schemas an operation still reaches (FastAPI's HTTPValidationError no longer is).
    reached: set[str] = set()
    _refs(paths, reached)
    pending = list(reached)
    while pending:
        name = pending.pop()
        found: set[str] = set()
        _refs(service_schemas.get(name) or schemas.get(name), found)
        for new in found - reached:
            reached.add(new)
            pending.append(new)
    schemas.update({name: schema for name, schema in service_schemas.items() if name in reached})
    schemas["Problem"] = PROBLEM_SCHEMA
    components.setdefault("securitySchemes", {})["bearer"] = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    merged["security"] = [{"bearer": []}]

    info = merged.setdefault("info", {})
    info["x-services"] = {
        name: {
            "status": known.status,
            **({"fetched_at": known.fetched_at.isoformat(timespec="seconds")} if known.fetched_at else {}),
            **({"error": known.error} if known.error else {}),
        }
        for name, known in services.items()
    }
    stale = [name for name, known in services.items() if known.status == "stale"]
    unavailable = [name for name, known in services.items() if known.status == "unavailable"]
    if stale:
        info["x-stale-services"] = stale
    if unavailable:
        info["x-unavailable-services"] = unavailable
    if notes := _notes(services):
        info["description"] = (info.get("description") or "") + "\n\n" + "\n\n".join(notes)
    return merged
