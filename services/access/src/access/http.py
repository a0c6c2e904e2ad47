"""ETag / If-Match, as the other services do it: the row's version is the ETag; case numbers in paths."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response
from starlette.convertors import Convertor, register_url_convertor

from folkevalgt_shared.errors import InvalidInput

IfMatch = Annotated[str | None, Header(description="ETag from a GET; the update fails with 412 if it changed")]


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


def refuse_nulls(changes: dict[str, object], fields: tuple[str, ...]) -> None:
    """A PATCH may not null what cannot be empty: named, not a database error."""
    errors = [{"field": f, "message": "cannot be null"} for f in fields if f in changes and changes[f] is None]
    if errors:
        raise InvalidInput("some fields cannot be null", errors=errors)


DOCUMENTS_SEGMENT = "documents"


class CaseNumberConvertor(Convertor[str]):
    """A case number in a path, slashes and all (071/26), that never ends in the `/documents` of the
    case's document listing: `/cases/{case_number:case_number}` then does not swallow
    `/cases/071/26/documents`, and a method the listing lacks answers 405 naming only its own."""

    regex = r"(?:(?!/" + DOCUMENTS_SEGMENT + r"$)[^\n])+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


# Registered when the routers are built (they import this module): `{case_number:case_number}`.
register_url_convertor("case_number", CaseNumberConvertor())
