"""Bulk input from HR as JSON (a list of objects) or CSV (a header line, then one row per line), validated
row by row: any invalid row refuses the whole import and every error names its row and field."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, TypeVar

from fastapi import Request
from pydantic import BaseModel, ValidationError

from folkevalgt_shared.errors import InvalidInput

ModelT = TypeVar("ModelT", bound=BaseModel)
MAX_ERRORS = 50
CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


def _refuse(detail: str, field: str = "body") -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": field, "message": detail}])


async def read_rows(request: Request, model: type[ModelT], *, max_rows: int) -> list[ModelT]:
    raw = await request.body()
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    records: list[tuple[int | None, Any]]
    if content_type == "text/csv":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _refuse("CSV must be UTF-8") from exc
        reader = csv.DictReader(io.StringIO(text), delimiter=";" if text.split("\n", 1)[0].count(";") else ",")
        # Empty cells are absent values; the line number is the file's (the header is line 1).
        records = [
            (reader.line_num, {k.strip(): v.strip() for k, v in row.items() if k and v is not None and v.strip()})
            for row in reader
        ]
    elif content_type in ("application/json", ""):
        try:
            data = json.loads(raw or b"null")
        except ValueError as exc:
            raise _refuse("the body is not JSON") from exc
        if not isinstance(data, list):
            raise _refuse("give a JSON list of rows (or CSV with Content-Type text/csv)")
        records = [(None, item) for item in data]
    else:
        raise _refuse(f"unsupported Content-Type {content_type!r}: application/json or text/csv", "Content-Type")
    if not records:
        raise _refuse("no rows")
    if len(records) > max_rows:
        raise _refuse(f"at most {max_rows} rows in one import")
    rows, errors = [], []
    for index, (line, record) in enumerate(records):
        try:
            rows.append(model.model_validate(record))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"])
                entry: dict[str, Any] = {"field": f"rows[{index}].{where}" if where else f"rows[{index}]",
                                         "message": err["msg"]}  # fmt: skip
                if line is not None:
                    entry["line"] = line
                errors.append(entry)
    if errors:
        raise InvalidInput(f"{len(errors)} error(s) in the rows; nothing was imported", errors=errors[:MAX_ERRORS])
    return rows
