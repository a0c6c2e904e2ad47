"""The base of every event's data, and the types several contracts share."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Role = Literal[
    "member",
    "deputy",
    "chair",
    "vice_chair",
    "mayor",
    "deputy_mayor",
    "group_leader",
]

# Money in events is a decimal string with two places and a currency ("2500.00", "NOK"), never a float.
Amount = Annotated[str, StringConstraints(pattern=r"^-?[0-9]+\.[0-9]{2}$")]


class EventData(BaseModel):
    """Base of every event's `data`; `TYPE` is the CloudEvents `type`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    TYPE: ClassVar[str]
    SOURCE: ClassVar[str]


class Part(BaseModel):
    """A nested part of an event's data."""

    model_config = ConfigDict(frozen=True, extra="forbid")
