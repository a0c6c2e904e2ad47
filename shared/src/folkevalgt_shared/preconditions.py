"""If-Match and ETag, the same in every service: a resource's ETag is its version in quotes, and an update
sent with If-Match fails with 412 when the resource has moved on since (RFC 9110 § 13.1.1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from folkevalgt_shared.errors import InvalidInput, PreconditionFailed

IF_MATCH = "If-Match"


def parse_if_match(value: str | None) -> int | None:
    """The version an If-Match names (`"3"` or `W/"3"`), or None when the client sent none (it is optional)."""
    if value is None:
        return None
    try:
        return int(value.strip().removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise InvalidInput(
            "If-Match must be an ETag from this API", errors=[{"field": IF_MATCH, "message": "not an ETag"}]
        ) from exc


async def _if_match(
    value: Annotated[
        str | None,
        Header(
            alias=IF_MATCH,
            max_length=100,
            description="The ETag from a GET: the change fails with 412 if the resource has changed since",
        ),
    ] = None,
) -> int | None:
    return parse_if_match(value)


IfMatchVersion = Annotated[int | None, Depends(_if_match)]


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def check_version(version: int | None, if_match: int | None, what: str = "the resource") -> None:
    """412 when If-Match names another version than the current one, or when there is nothing yet to match."""
    if if_match is None or if_match == version:
        return
    if version is None:
        raise PreconditionFailed(f"{what} does not exist yet, so it has no version {if_match}")
    raise PreconditionFailed(f"{what} is at version {version}, not {if_match}", current_version=version)
