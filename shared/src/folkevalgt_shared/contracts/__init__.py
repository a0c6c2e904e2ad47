"""Event data models shared by producers and consumers (one definition per event type).

One module per publishing service. Type names follow `no.folkevalgt.<service>.<entity>.<happened>.v<N>`.
A breaking change to a model is a new class with a new version; both are published until consumers
have moved. `CONTRACTS` maps every type name to its model.
"""

from __future__ import annotations

from folkevalgt_shared.contracts import access, feedback, leave, meetings, remuneration
from folkevalgt_shared.contracts.access import *  # noqa: F403
from folkevalgt_shared.contracts.base import Amount, EventData, Part, Role
from folkevalgt_shared.contracts.feedback import *  # noqa: F403
from folkevalgt_shared.contracts.leave import *  # noqa: F403
from folkevalgt_shared.contracts.meetings import *  # noqa: F403
from folkevalgt_shared.contracts.remuneration import *  # noqa: F403


def _event_types() -> dict[str, type[EventData]]:
    found: dict[str, type[EventData]] = {}
    for module in (meetings, leave, remuneration, access, feedback):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, EventData) and "TYPE" in vars(value):
                if value.TYPE in found and found[value.TYPE] is not value:
                    raise RuntimeError(f"two contracts for {value.TYPE}")
                found[value.TYPE] = value
    return found


CONTRACTS: dict[str, type[EventData]] = _event_types()

__all__ = ["CONTRACTS", "Amount", "EventData", "Part", "Role"]
