"""Bounded input types: what the services' schemas build on."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from pydantic import Field, TypeAdapter, ValidationError

from folkevalgt_shared.inputs import (
    INT64_MAX,
    BoundedDate,
    BoundedDateTime,
    Int64,
    Money,
    NotNull,
    PatchModel,
    Quarter,
    RowId,
)


@pytest.mark.parametrize("value", ["123", "123.4", "123.45", "0"])
def test_money_takes_ascii_digits(value: str) -> None:
    assert TypeAdapter(Money).validate_python(value) == value


@pytest.mark.parametrize("value", ["１２３", "١٢٣", "12.345", "-1", "1e3", "", "1234567890"])
def test_money_refuses_other_digits_and_shapes(value: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Money).validate_python(value)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026Q1", True),
        ("1900q4", True),
        ("2099Q4", True),
        ("0000Q1", False),
        ("9999Q4", False),
        ("2100Q1", False),
        ("2026Q5", False),
        ("", False),
        ("２０２６Q1", False),
    ],
)
def test_a_quarter_is_within_the_date_range(value: str, ok: bool) -> None:
    if ok:
        assert TypeAdapter(Quarter).validate_python(value) == value
    else:
        with pytest.raises(ValidationError):
            TypeAdapter(Quarter).validate_python(value)


def test_64_bit_bounds() -> None:
    assert TypeAdapter(Int64).validate_python(INT64_MAX) == INT64_MAX
    assert TypeAdapter(RowId).validate_python("1") == 1
    for bad, kind in ((INT64_MAX + 1, Int64), (-(2**63) - 1, Int64), (0, RowId)):
        with pytest.raises(ValidationError):
            TypeAdapter(kind).validate_python(bad)


def test_dates_and_times_keep_to_the_range_and_say_so_in_the_schema() -> None:
    dates = TypeAdapter(BoundedDate)
    assert dates.validate_python("1900-01-01") == date(1900, 1, 1)
    assert dates.validate_python(date(2099, 12, 31)) == date(2099, 12, 31)
    for bad in ("1899-12-31", "2100-01-01", "0073-05-01", 0, "0"):
        with pytest.raises(ValidationError):
            dates.validate_python(bad)
    moments = TypeAdapter(BoundedDateTime)
    assert moments.validate_python("2099-12-31T23:59:59Z") == datetime(2099, 12, 31, 23, 59, 59, tzinfo=UTC)
    for bad in ("2100-01-01T00:00:00Z", "2026-01-01T00:00:00", 1.5, "1700000000"):
        with pytest.raises(ValidationError):
            moments.validate_python(bad)
    pattern = "^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    assert dates.json_schema() == {"type": "string", "format": "date", "pattern": pattern}
    # The pattern admits every date the type accepts (a generator keeps to it), and makes whole dates.
    for good in ("1900-01-01", "2099-12-31", "2026-02-28T00:00:00Z"):
        dates.validate_python(good)
        assert re.match(pattern, good)


class BodyPatch(PatchModel):
    name: NotNull[str] = Field(default=None, min_length=1, max_length=200)
    seats: NotNull[int] = Field(default=None, ge=1)
    remit: NotNull[list[str]] = None
    name_en: str | None = None


def test_a_patch_field_may_be_left_out_but_not_nulled() -> None:
    assert BodyPatch.model_validate({}).changes() == {}
    assert BodyPatch.model_validate({"seats": 3, "name_en": None}).changes() == {"seats": 3, "name_en": None}
    for field in ("name", "seats", "remit"):
        with pytest.raises(ValidationError) as refused:
            BodyPatch.model_validate({field: None})
        assert refused.value.errors()[0]["type"] == "null_not_allowed"
    with pytest.raises(ValidationError):
        BodyPatch.model_validate({"name": ""})  # its own constraints still hold
    with pytest.raises(ValidationError):
        BodyPatch.model_validate({"unknown": 1})


def test_the_patch_schema_does_not_offer_null_where_it_is_refused() -> None:
    properties = BodyPatch.model_json_schema()["properties"]
    assert properties["name"] == {"type": "string", "minLength": 1, "maxLength": 200, "title": "Name"}
    assert properties["remit"] == {"type": "array", "items": {"type": "string"}, "title": "Remit"}
    assert {"type": "null"} in properties["name_en"]["anyOf"] and properties["name_en"]["default"] is None
