"""Bounded input types: what a request may carry, so that no value reaches the database or the domain
that either would choke on (a 500) or silently store (year 73).

- Integers: the database's integers are 64-bit; a path or query integer beyond that is refused (422
  naming the parameter) instead of overflowing in the driver. `RowId` for BigInteger keys.
- Dates and times: one sane range for every date the platform accepts, `EARLIEST_DATE` to
  `LATEST_DATE` (constants, not settings: types are built at import time, before any settings
  exist; the range holds every meeting, term, claim and leave the municipality can have).
- Money: ASCII digits only (Python's and pydantic's `\\d` also match "١٢٣" and "１２３").
- PATCH: `PatchModel` and `NotNull[...]` — a field that may be left out but not set to null.

NUL characters and malformed Unicode are refused for every request by `guard.RequestGuardMiddleware`.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Annotated, Any, TypeVar

from annotated_types import Ge, Le
from pydantic import AfterValidator, AwareDatetime, BaseModel, BeforeValidator, ConfigDict, GetJsonSchemaHandler
from pydantic import StringConstraints as _StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

T = TypeVar("T")

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# annotated-types constraints, not pydantic's Field: they combine with FastAPI's Path() and Query().
Int64 = Annotated[int, Ge(INT64_MIN), Le(INT64_MAX)]
RowId = Annotated[int, Ge(1), Le(INT64_MAX)]  # a BigInteger primary key (outbox rows, payroll lines)

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)
_EARLIEST_MOMENT = datetime.combine(EARLIEST_DATE, time.min, UTC)
_LATEST_MOMENT = datetime.combine(LATEST_DATE, time.max, UTC)
_RANGE = f"between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}"
# The same bound as a pattern on the JSON text, so the OpenAPI document says it and generated
# clients and test data keep to it: years 1900–2099.
_YEAR_PATTERN = r"^(19|20)[0-9]{2}-"
# For a date, the whole of it: a generator that draws from the year alone almost never makes a date
# (Schemathesis gives up on a body with such a field). Every date accepted here starts so.
_DATE_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"


def _date_in_range(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError("date_out_of_range", "the date must be {range}", {"range": _RANGE})
    return value


def _moment_in_range(value: datetime) -> datetime:
    if not _EARLIEST_MOMENT <= value <= _LATEST_MOMENT:
        raise PydanticCustomError("datetime_out_of_range", "the time must be {range}", {"range": _RANGE})
    return value


class _JsonPattern:
    """Adds a `pattern` to the JSON schema only (validation is the typed check next to it)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema


_ISO_DATE_START = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_text(value: Any) -> Any:
    # Pydantic's lax mode would take 0.5 or "1700000000" as a Unix time; the API says ISO 8601.
    if isinstance(value, (date, datetime)):
        return value
    if not isinstance(value, str) or not _ISO_DATE_START.match(value):
        raise PydanticCustomError("iso_format", "an ISO 8601 date (YYYY-MM-DD…) is required")
    return value


BoundedDate = Annotated[date, BeforeValidator(_iso_text), AfterValidator(_date_in_range), _JsonPattern(_DATE_PATTERN)]
BoundedDateTime = Annotated[
    AwareDatetime, BeforeValidator(_iso_text), AfterValidator(_moment_in_range), _JsonPattern(_YEAR_PATTERN)
]

# Kroner with at most two decimals (øre), ASCII digits only.
Money = Annotated[str, _StringConstraints(pattern=r"^[0-9]{1,9}(\.[0-9]{1,2})?$")]
SignedMoney = Annotated[str, _StringConstraints(pattern=r"^-?[0-9]{1,9}(\.[0-9]{1,2})?$")]
# A calendar quarter such as 2026Q1, its year within the date range.
Quarter = Annotated[str, _StringConstraints(pattern=r"^(19|20)[0-9]{2}[Qq][1-4]$")]


class _RefuseNull:
    """`NotNull[...]`: the value may be left out of a PATCH, but an explicit null is refused (422)."""

    @staticmethod
    def _refuse(value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_not_allowed", "may be left out, but not set to null")
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self._refuse, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        variants = json_schema.get("anyOf")
        if variants is not None:
            rest = [v for v in variants if v != {"type": "null"}]
            if len(rest) == 1:
                others = {k: v for k, v in json_schema.items() if k != "anyOf"}
                json_schema = {**rest[0], **others}
            else:
                json_schema["anyOf"] = rest
        return json_schema


# `name: NotNull[str] = Field(default=None, min_length=1)`: optional in a PATCH, never null.
NotNull = Annotated[T | None, _RefuseNull()]


def _admits_null(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    return (
        kind == "null" or (isinstance(kind, list) and "null" in kind) or any(map(_admits_null, schema.get("anyOf", [])))
    )


def _drop_null_defaults(schema: dict[str, Any]) -> None:
    # A NotNull field's default of None means "left out", not a value a client may send.
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None and not _admits_null(prop):
            del prop["default"]


class PatchModel(BaseModel):
    """Base of `*Patch` schemas: unknown fields refused; `NotNull` fields may be left out but not nulled.
    `changes()` is what the client sent, for the service to apply."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_drop_null_defaults)

    def changes(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)
