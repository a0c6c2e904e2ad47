"""The reasons an employee may apply for leave, one code per rule of the leave regulation, and the statutory
kinds it lists for overview (LEA-50). What a reason grants (paid or not, maxima, pot, years) is the
municipality's setting (`settings.ReasonSettings`); what a reason *is* — its rule, its source, whether it is a
right — is the regulation's structure and lives here.

Sources: "Permisjonsreglement for Sør-Varanger kommune" (chief executive's proposal of 01.08.2012),
kommuneloven § 40 nr. 1 and the KS guide for elected officials.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Source(StrEnum):
    REGULATION = "regulation"  # the municipality's own regulation: permanent employees only (LEA-01)
    LAW = "law"  # a right under law, whatever the employment (KL § 40 nr. 1)
    STATUTORY = "statutory"  # recorded with its legal basis; entitlements are not computed here (LEA-50)


@dataclass(frozen=True)
class Reason:
    code: str
    rule: str
    section: str  # where it stands: "§ 3.2", "KL § 40 nr. 1"
    title: str  # Norwegian, as the regulation names it
    source: Source = Source.REGULATION
    # A right the manager cannot deny within its limit (LEA-05 "har rett til", LEA-32 "har krav på / rett til").
    right: bool = False
    # Granted only on the manager's concrete assessment, unpaid and without a cap (LEA-26, LEA-34, LEA-40, LEA-41).
    discretionary: bool = False
    normally_denied: bool = False  # LEA-40: as a rule not granted
    # LEA-04: unpaid leave for public office or union office counts toward wage seniority.
    unpaid_counts_for_seniority: bool = False
    legal_basis: str | None = None
    # A precondition the application must document (LEA-41: research "i tilknytning til en forskningsinstitusjon").
    documented: str | None = None


_R = Source.REGULATION
REASONS: tuple[Reason, ...] = (
    Reason("rehabilitation", "LEA-05", "§ 2", "Permisjon utover sykemeldingsperioden (attføring)", right=True),
    Reason("serious_illness", "LEA-10", "§ 3.1", "Alvorlig sykdom i nærmeste familie"),
    Reason("death", "LEA-11", "§ 3.2", "Dødsfall i nærmeste familie eller andre nære pårørende"),
    Reason("child_settling", "LEA-12", "§ 3.3", "Tilvenning av barn i barnehage/dagmamma"),
    Reason("first_school_day", "LEA-13", "§ 3.3", "Følge til 1. skoledag/SFO"),
    Reason("medical", "LEA-14", "§ 3.4", "Undersøkelse og behandling hos lege, tannlege, fysioterapeut m.fl."),
    Reason("blood_donation", "LEA-15", "§ 3.5", "Blodgiver"),
    Reason("house_building", "LEA-20", "§ 4.1", "Husbygging og istandsetting av eget hus/leilighet"),
    Reason("moving", "LEA-21", "§ 4.1", "Flytting"),
    Reason("international_sports", "LEA-22", "§ 4.2", "Internasjonale idrettsarrangementer (representere landet)"),
    Reason("championship_final", "LEA-23", "§ 4.2", "Finalen i Norgesmesterskapet"),
    Reason("religious_holiday", "LEA-24", "§ 4.3", "Religiøse og nasjonale høytidsdager"),
    Reason("weighty_reasons", "LEA-25", "§ 4.4", "Andre tungtveiende velferdsårsaker"),
    Reason("other_welfare", "LEA-26", "§ 4.5", "Andre velferdspermisjoner", discretionary=True),
    Reason(
        "public_office",
        "LEA-30",
        "§ 5.1",
        "Offentlige tillitsverv/ombud (domsmann, skjønnsmann, rettsvitne)",
        unpaid_counts_for_seniority=True,
    ),
    Reason(
        "full_time_office",
        "LEA-31",
        "§ 5.1",
        "Stortingsrepresentant, ordfører eller annet offentlig verv på heltid",
        unpaid_counts_for_seniority=True,
    ),
    Reason(
        "elected_body_duty",
        "LEA-32",
        "KL § 40 nr. 1",
        "Fri for møteplikt i kommunale folkevalgte organer",
        source=Source.LAW,
        right=True,
        unpaid_counts_for_seniority=True,
    ),
    Reason(
        "municipal_office",
        "LEA-32",
        "KL § 40 nr. 1",
        "Heltids- eller deltids kommunalt verv (fire år)",
        source=Source.LAW,
        right=True,
        unpaid_counts_for_seniority=True,
    ),
    Reason("nomination_meeting", "LEA-33", "§ 5.2", "Utsending til nominasjonsmøte"),
    Reason("other_trust_position", "LEA-34", "§ 5.3", "Andre tillitsverv", discretionary=True),
    Reason(
        "new_position",
        "LEA-40",
        "§ 6.1",
        "Overgang til ny stilling utenfor kommunen",
        discretionary=True,
        normally_denied=True,
    ),
    Reason("judge_trainee", "LEA-41", "§ 6.2", "Dommerfullmektig"),
    Reason(
        "research",
        "LEA-41",
        "§ 6.2",
        "Forskning i tilknytning til en forskningsinstitusjon",
        discretionary=True,
        documented="the research institution the research is linked to",
    ),
    Reason("municipal_exchange", "LEA-41", "§ 6.2", "Utveksling mellom kommuner/fylkeskommuner"),
    Reason("development_aid", "LEA-41", "§ 6.2", "Norske hjelpetiltak i offentlig regi i utviklingsland"),
    Reason("rescue_operation", "LEA-42", "§ 6.3", "Deltakelse i redningsoperasjoner"),
    # LEA-50 (§ 7, for overview only): recorded with the legal basis, pay and entitlement follow the law.
    *(
        Reason(
            code,
            "LEA-50",
            "§ 7",
            title,
            source=Source.STATUTORY,
            legal_basis=basis,
            unpaid_counts_for_seniority=code == "union_representative",
        )
        for code, title, basis in (
            ("sickness", "Sykdom", "Arbeidsmiljøloven kap. 12, folketrygdloven kap. 8, HTA kap. 1 § 8"),
            ("pregnancy", "Svangerskap", "Arbeidsmiljøloven kap. 12, folketrygdloven kap. 14, HTA kap. 1 § 8"),
            ("parental", "Foreldrepermisjon", "Arbeidsmiljøloven § 12-5, folketrygdloven kap. 14, HTA kap. 1 § 8"),
            ("adoption", "Adopsjon", "Arbeidsmiljøloven § 12-5, folketrygdloven kap. 14, HTA kap. 1 § 8"),
            ("breastfeeding", "Amming", "Arbeidsmiljøloven § 12-8"),
            ("child_illness", "Barns og barnepassers sykdom", "Arbeidsmiljøloven § 12-9, folketrygdloven kap. 9"),
            ("reduced_hours", "Redusert arbeidstid", "Arbeidsmiljøloven § 10-2"),
            ("military_service", "Verneplikt", "HTA kap. 1 § 9"),
            ("union_representative", "Tillitsvalgt", "Hovedavtalen del B § 3-5 og § 3-6"),
            ("education", "Utdanningspermisjon", "Arbeidsmiljøloven § 12-11, HTA kap. 1 § 14.2 og § 14.4"),
        )
    ),
)
BY_CODE: dict[str, Reason] = {r.code: r for r in REASONS}
REGULATED = frozenset(r.code for r in REASONS if r.source is not Source.STATUTORY)


def reason(code: str) -> Reason | None:
    return BY_CODE.get(code)
