"""The platform's bounded dates (`folkevalgt_shared.inputs.BoundedDate`: 1900–2099, ISO text only), documented
in the OpenAPI document as whole days of those years. The pattern names the month and day as well as the
year, so that clients and generated test data (Schemathesis) write days in the range from the pattern,
instead of drawing dates of years 1–9999 and throwing almost all of them away."""

from __future__ import annotations

from typing import Annotated

from pydantic import WithJsonSchema

from folkevalgt_shared.inputs import BoundedDate

DAY_PATTERN = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

Day = Annotated[BoundedDate, WithJsonSchema({"type": "string", "format": "date", "pattern": DAY_PATTERN})]
