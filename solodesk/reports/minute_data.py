"""Plain data a minute is rendered from.

A service builds a :class:`MinuteContent` from the stored conference; the same
object is frozen into ``MinuteIssue.content`` (via
:func:`solodesk.reports.minute_snapshot.content_to_json`) so a copy can be
re-rendered exactly later, whatever happens to the live record.
"""

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from solodesk.reports.minute_issue_info import Amendment as Amendment  # re-exported
from solodesk.reports.minute_issue_info import IssueInfo as IssueInfo  # re-exported: one place to import from


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
        cleared: in snapshots of format 1 only: the person was cleared for every restricted item.
        kind: their agency's kind (an ``AgencyKind`` value), when known.
        chair: they chair the conference (they see every restricted item).
    """

    number: int
    name: str
    agency: str = ""
    contact_id: int | None = None
    cleared: bool = False
    email: str = ""
    kind: str = ""
    chair: bool = False


@dataclass(frozen=True)
class RestrictedItem:
    """One restricted item of an issue, as the clearance matrix and distribution log name it.

    Attributes:
        key: the record it came from (``"victim:12"``), unique within the issue.
        label: how people refer to it ("Victim 1", "Item 5 restricted notes").
        readers: distribution-list numbers of the recipients who may see it (the chair's included).
        audience: who may see it, as printed after "Restricted — ".
    """

    key: str
    label: str
    readers: frozenset[int]
    audience: str


@dataclass(frozen=True)
class Withholding:
    """A restricted item kept from one recipient, and the chair's one-line reason."""

    recipient: str
    item: str
    reason: str


@dataclass(frozen=True)
class AgendaSection:
    """Free-text notes under one fixed agenda item.

    Every restricted row of the snapshot (these restricted notes, victims, assessments,
    actions, decisions, disclosures) carries ``key`` (the record it came from),
    ``readers`` (distribution-list numbers who may see it) and ``audience`` (who, in words).
    """

    number: int
    title: str
    notes: str = ""
    restricted_notes: str = ""
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""


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
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""


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
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""
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
    restricted: bool = False
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DecisionRow:
    """A decision with its reasons and any dissent."""

    item: str
    decision: str
    reasons: str = ""
    dissent: str = ""
    restricted: bool = False
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""


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
    key: str = ""
    readers: list[int] = field(default_factory=list)
    audience: str = ""
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
        hospital_detention: restricted-patient status and detention (§2.2 row 8); empty in
            snapshots issued before it was printed, which then print without the section.
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
    withholdings: list[Withholding] = field(default_factory=list)
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
    hospital_detention: list[tuple[str, str]] = field(default_factory=list)

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
            or any(a.restricted for a in self.previous_actions + self.actions)
        )

    def restricted_items(self) -> list[RestrictedItem]:
        """Return every restricted item of the body in print order, with its readers."""
        out = [
            RestrictedItem(s.key, f"Item {s.number} restricted notes", frozenset(s.readers), s.audience)
            for s in self.sections
            if s.restricted_notes.strip()
        ]
        numbered: list[tuple[str, list[Any]]] = [
            ("Last plan action", self.previous_actions),
            ("Victim", self.victims),
            ("Assessment", self.assessments),
            ("Action", self.actions),
            ("Decision", self.decisions),
            ("Disclosure", self.disclosures),
        ]
        for word, rows in numbered:
            for number, row in enumerate(rows, start=1):
                if row.restricted:
                    out.append(RestrictedItem(row.key, f"{word} {number}", frozenset(row.readers), row.audience))
        return out

    def visible_to(self, number: int, amendments: list[Amendment] | None = None) -> frozenset[str]:
        """Return the keys of the restricted items (and amendments) recipient ``number`` may see.

        Number 0 is the chair's own file, which shows everything.
        """
        items = [(i.key, i.readers) for i in self.restricted_items()]
        items += [(a.key, frozenset(a.readers)) for a in amendments or [] if a.restricted]
        return frozenset(key for key, readers in items if number == 0 or number in readers)

    def printable_fields(self) -> dict[str, str]:
        """Return every printed text with a readable field name, for the glyph check."""
        out: dict[str, str] = {}
        for spec in fields(self):
            if spec.name == "withholdings":  # kept with the issue, never printed
                continue
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
