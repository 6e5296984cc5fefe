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
    """One risk assessment tool's result.

    Attributes:
        scales: each of the tool's results as (scale name, value), in the tool's order.
        reconviction_band: only in minutes issued before tools had their own scales.
        harm_band: only in minutes issued before tools had their own scales.
    """

    tool: str
    assessed_on: str = ""
    assessor: str = ""
    reconviction_band: str = ""
    harm_band: str = ""
    result: str = ""
    notes: str = ""
    restricted: bool = False
    scales: list[tuple[str, str]] = field(default_factory=list)

    def scale_lines(self) -> list[tuple[str, str]]:
        """Return the results to print as (name, value), old snapshots' two bands included."""
        if self.scales:
            return [(str(label), str(value)) for label, value in self.scales]
        old = (("Risk of reconviction", self.reconviction_band), ("Risk of harm", self.harm_band))
        return [(label, value) for label, value in old if value]


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


@dataclass(frozen=True)
class MinuteContent:
    """Everything a minute shows, independent of the recipient.

    Dates are pre-formatted text so the snapshot needs no conversion.
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


def content_to_json(content: MinuteContent) -> dict[str, Any]:
    """Return the content as JSON-compatible data (the MinuteIssue snapshot)."""
    data = asdict(content)
    data["subject_details"] = [list(pair) for pair in content.subject_details]
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
        if key == "assessments":
            values[key] = [
                AssessmentRow(**{**entry, "scales": [(str(p[0]), str(p[1])) for p in entry.get("scales", [])]})
                for entry in value
            ]
        elif key in _LIST_TYPES:
            values[key] = [_LIST_TYPES[key](**entry) for entry in value]
        elif key == "subject_details":
            values[key] = [(str(pair[0]), str(pair[1])) for pair in value]
        else:
            values[key] = value
    return MinuteContent(**values)
