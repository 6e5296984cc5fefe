"""Plain data a minute is rendered from, and its JSON snapshot.

A service builds a :class:`MinuteContent` from the stored conference; the same
object is frozen into ``MinuteIssue.content`` (via :func:`content_to_json`) so a
copy can be re-rendered exactly later, whatever happens to the live record.
"""

from dataclasses import asdict, dataclass, field, fields
from typing import Any

SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class Person:
    """A member of the core group as the minute lists them."""

    name: str
    agency: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""
    attendance: str = ""
    report_submitted: bool = False
    arrived_late: bool = False
    left_early: bool = False


@dataclass(frozen=True)
class Recipient:
    """A person on the distribution list.

    Attributes:
        number: position on the distribution list (1-based), used in file names.
        contact_id: the directory contact, when known.
        cleared: the chair cleared this person to see restricted items.
    """

    number: int
    name: str
    agency: str = ""
    contact_id: int | None = None
    cleared: bool = False
    email: str = ""


@dataclass(frozen=True)
class AgendaSection:
    """Free-text notes under one fixed agenda item."""

    number: int
    title: str
    notes: str = ""
    restricted_notes: str = ""


@dataclass(frozen=True)
class VictimRow:
    """A known or potential victim."""

    kind: str
    description: str = ""
    relationship: str = ""
    where_they_live: str = ""
    child_protection: bool = False
    contact_restrictions: str = ""
    exclusion_area: str = ""
    safety_measures: str = ""
    restricted: bool = True


@dataclass(frozen=True)
class AssessmentRow:
    """One risk assessment tool's result."""

    tool: str
    assessed_on: str = ""
    assessor: str = ""
    reconviction_band: str = ""
    harm_band: str = ""
    result: str = ""
    notes: str = ""
    restricted: bool = False


@dataclass(frozen=True)
class ActionRow:
    """An action of the plan (or one from the last plan, with its outcome)."""

    number: int
    description: str
    owner: str = ""
    agency: str = ""
    due: str = ""
    plan_area: str = ""
    status: str = ""
    outcome: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DecisionRow:
    """A decision with its reasons and any dissent."""

    item: str
    decision: str
    reasons: str = ""
    dissent: str = ""
    restricted: bool = False


@dataclass(frozen=True)
class DisclosureRow:
    """A decision whether to disclose information to a third party."""

    to_whom: str
    what: str = ""
    why: str = ""
    authority: str = ""
    disclose: bool = False
    registration: bool = False
    restricted: bool = False
    legal_route: str = ""


@dataclass(frozen=True)
class MinuteContent:
    """Everything a minute shows, independent of the recipient.

    Dates are pre-formatted text so the snapshot needs no conversion. The case
    record's parts (offender information, relevant dates, level decision, ...) are
    built by :mod:`solodesk.services.minute_record`; older snapshots without them
    read back with them empty.

    Attributes:
        meeting_ordinal: which meeting this is for the subject ("3rd meeting (2nd review)").
        mappa_managed: the subject is managed under MAPPA (else ``level_decision`` says how instead).
        address_shown: the minute prints some of the subject's address (area or full).
    """

    organisation: str
    marking: str
    confidentiality_statement: str
    subject_name: str
    subject_surname: str
    meeting_type: str
    meeting_date: str
    meeting_date_iso: str
    meeting_time: str
    venue: str
    chair: str
    chair_contact: str
    minute_taker: str
    subject_details: list[tuple[str, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    core_group: list[Person] = field(default_factory=list)
    distribution: list[Recipient] = field(default_factory=list)
    sections: list[AgendaSection] = field(default_factory=list)
    previous_minute: str = ""
    previous_actions: list[ActionRow] = field(default_factory=list)
    victims: list[VictimRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    dynamic_factors: str = ""
    who_is_at_risk: str = ""
    risk_level: str = ""
    risk_rationale: str = ""
    actions: list[ActionRow] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    disclosures: list[DisclosureRow] = field(default_factory=list)
    next_meeting: str = ""
    meeting_ordinal: str = ""
    actual_times: str = ""
    confidentiality_agreed: bool = False
    offender_information: list[tuple[str, str]] = field(default_factory=list)
    relevant_dates: list[tuple[str, str]] = field(default_factory=list)
    agency_updates: list[tuple[str, str]] = field(default_factory=list)
    diversity_needs: list[tuple[str, str]] = field(default_factory=list)
    mappa_managed: bool = False
    level_decision: str = ""
    level_reason: str = ""
    contingencies: list[tuple[str, str]] = field(default_factory=list)
    exit_criteria: str = ""
    handling_caveat: str = ""
    foi_position: str = ""

    def section(self, number: int) -> AgendaSection:
        """Return the notes of an agenda item by number (empty when none were recorded)."""
        return next((s for s in self.sections if s.number == number), AgendaSection(number, ""))

    def has_restricted(self) -> bool:
        """Return True when any item is restricted (so two body variants exist)."""
        return (
            any(s.restricted_notes.strip() for s in self.sections)
            or any(v.restricted for v in self.victims)
            or any(a.restricted for a in self.assessments)
            or any(d.restricted for d in self.decisions)
            or any(d.restricted for d in self.disclosures)
        )

    def printable_fields(self) -> dict[str, str]:
        """Return every printed text with a readable field name, for the glyph check."""
        out: dict[str, str] = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            label = spec.name.replace("_", " ").capitalize()
            if isinstance(value, str):
                out[label] = value
            elif isinstance(value, list):
                for index, entry in enumerate(value, start=1):
                    if isinstance(entry, str):
                        out[f"{label} {index}"] = entry
                    elif isinstance(entry, tuple):
                        out[f"{label}: {entry[0]}"] = " ".join(entry)
                    else:
                        for key, text in asdict(entry).items():
                            if isinstance(text, str):
                                out[f"{label} {index} {key.replace('_', ' ')}"] = text
        return out


@dataclass(frozen=True)
class Amendment:
    """One line of "amendments since the previous version".

    Attributes:
        text: what was amended, and who asked.
        restricted: it concerns restricted information: only cleared copies show the text.
    """

    text: str
    restricted: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the entry as stored in ``MinuteIssue.amendments_summary``."""
        return {"text": self.text, "restricted": self.restricted}

    @classmethod
    def from_json(cls, entry: Any) -> "Amendment":
        """Rebuild an entry; a plain string (issues made before the flag existed) is not restricted."""
        if isinstance(entry, str):
            return cls(entry)
        return cls(str(entry.get("text", "")), bool(entry.get("restricted", False)))


@dataclass(frozen=True)
class IssueInfo:
    """Which version a copy belongs to.

    Attributes:
        version: 1 for the first issue, 2 after amendments, ...
        issued_on: the issue date, formatted for print.
        amendments: "amendments since the previous version", one entry each.
        draft: True for an on-screen preview of an unissued minute.
    """

    version: int
    issued_on: str
    amendments: list[Amendment] = field(default_factory=list)
    draft: bool = False


_LIST_TYPES: dict[str, type] = {
    "core_group": Person,
    "distribution": Recipient,
    "sections": AgendaSection,
    "previous_actions": ActionRow,
    "victims": VictimRow,
    "assessments": AssessmentRow,
    "actions": ActionRow,
    "decisions": DecisionRow,
    "disclosures": DisclosureRow,
}


_PAIR_LISTS = frozenset(
    {
        "subject_details",
        "offender_information",
        "relevant_dates",
        "agency_updates",
        "diversity_needs",
        "contingencies",
    }
)


def content_to_json(content: MinuteContent) -> dict[str, Any]:
    """Return the content as JSON-compatible data (the MinuteIssue snapshot)."""
    data = asdict(content)
    for name in _PAIR_LISTS:
        data[name] = [list(pair) for pair in getattr(content, name)]
    data["format"] = SNAPSHOT_FORMAT
    return data


def content_from_json(data: dict[str, Any]) -> MinuteContent:
    """Rebuild the content from a snapshot made by :func:`content_to_json`.

    Raises:
        ValueError: the snapshot is of an unknown format.
    """
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError("This minute was issued in a format this version of SOLO Desk cannot read.")
    known = {spec.name for spec in fields(MinuteContent)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key in _LIST_TYPES:
            values[key] = [_LIST_TYPES[key](**entry) for entry in value]
        elif key in _PAIR_LISTS:
            values[key] = [(str(pair[0]), str(pair[1])) for pair in value]
        else:
            values[key] = value
    return MinuteContent(**values)
