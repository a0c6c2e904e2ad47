"""The `feedback` section of the municipality's rule settings (FBK-01..31).

What the ombudsman-role document ("Ombudsrollen – håndtering av innspill og klager", revised
6.3.2018) leaves to the municipality is configuration here, versioned by the date it applies from:
who receives forwarded input (the mayor and the chief executive, c/o the post reception), the
guidance given instead of a case (the units, the web form, the whistleblowing routines and the
deviation system), the questions to ask back when input is not concrete, the working days each
hand-over may take (FBK-22), and the number of residents that sets an initiative's threshold (FBK-31).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.settings import REPO_ROOT

SECTION = "feedback"
DEFAULT_CONFIG = REPO_ROOT / "config" / "sor-varanger.yaml"  # as ServiceSettings.municipality_config

Channel = Literal["email", "letter", "oral", "meeting"]
GuidanceKind = Literal["contact_unit", "web_form", "whistleblowing", "deviation_system"]
# An address the SMTP server will take: one @, a dot in the domain, no spaces.
EmailStr = Annotated[str, StringConstraints(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$", max_length=254)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Recipient(_Frozen):
    role: str = Field(description="As the memo addresses them, e.g. 'Ordfører'")
    name: str | None = None
    email: EmailStr


class Unit(_Frozen):
    """A service unit (virksomhet) a resident or employee can be guided to (FBK-10 a)."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    email: EmailStr | None = None
    phone: str | None = None
    url: HttpUrl | None = None


class Guidance(_Frozen):
    """One kind of guidance (FBK-10): the text given and where it leads."""

    title: str
    text: str
    url: HttpUrl | None = None


class DueWorkingDays(_Frozen):
    """FBK-22: working days each step may take before the item is overdue."""

    choose_route: int = Field(ge=1, description="The politician chooses a route for input received")
    registration: int = Field(ge=1, description="The post reception registers a forwarded item (acknowledges it)")
    assignment: int = Field(ge=1, description="The post reception assigns a registered item to a unit")
    answer: int = Field(ge=1, description="The unit answers")
    closing: int = Field(ge=1, description="The post reception closes an answered item")
    meeting_record: int = Field(ge=0, description="After a meeting's day, the politician records what came of it")
    proxy_review: int = Field(ge=1, description="An open-ended proxy is reviewed by the politician")


class Questions(_Frozen):
    """FBK-01: what to ask back when input is a general statement."""

    time: str
    place: str
    unit: str
    what: str


class Initiatives(_Frozen):
    """FBK-31 (kommuneloven § 12-1, reglement § 20)."""

    residents: int = Field(ge=1, description="The municipality's residents (innbyggertall), for the 2 % threshold")
    share_percent: int = Field(ge=1, le=100)
    always_enough: int = Field(ge=1, description="Signatures that always suffice")
    council_body_key: str
    # The signer's token must show residence in the municipality: ID-porten itself does not say where
    # a person lives, so the identity broker adds the population register's municipality number.
    residence_claim: str | None = Field(description="Claim with the signer's municipality number; null: not checked")
    municipality_number: str


class FeedbackSettings(_Frozen):
    recipients: list[Recipient] = Field(min_length=1, description="FBK-11: the mayor and the chief executive")
    post_reception: Recipient
    sender_address: EmailStr = Field(description="From address of the messages the service sends")
    units: list[Unit]
    guidance: dict[GuidanceKind, Guidance]
    anonymous_channels: list[Channel] = Field(description="FBK-01: channels where the sender may stay unnamed")
    concrete_min_words: int = Field(ge=1, description="FBK-01: fewer words do not say what happened")
    questions: Questions
    sensitive_screening_basis: str = Field(description="FBK-20: skjermingshjemmel of an entry with sensitive data")
    due_working_days: DueWorkingDays
    meeting_reminder: str = Field(description="FBK-12: shown when a meeting is recorded")
    proxy_reminder: str = Field(description="FBK-13: shown when a proxy is recorded")
    initiatives: Initiatives

    @model_validator(mode="after")
    def _complete(self) -> FeedbackSettings:
        missing = {"contact_unit", "web_form", "whistleblowing", "deviation_system"} - self.guidance.keys()
        if missing:
            raise ValueError(f"guidance is missing {sorted(missing)} (FBK-10)")
        keys = [u.key for u in self.units]
        if len(keys) != len(set(keys)):
            raise ValueError("two units share a key")
        return self

    def unit(self, key: str | None) -> Unit | None:
        return next((u for u in self.units if u.key == key), None)


def rule_book(path: Path | None = None) -> RuleBook[FeedbackSettings]:
    """The feedback settings of the municipality, by validity date."""
    return RuleBook(load_municipality(path or DEFAULT_CONFIG), SECTION, FeedbackSettings)
