"""Read and set who may see each restricted item of a conference (Qt-free; used by the UI and tests).

Items are named by the key the minute snapshot gives them (``"victim:12"``, see
:func:`solodesk.services.minute_audiences.record_key`). The clearance matrix is the
draft of the next issue: recipients down, restricted items across, each cell "sees it"
or "withheld, because …".
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    AgencyKind,
    AgencyReport,
    AgendaItem,
    AgendaNote,
    AmendmentRequest,
    Attachment,
    Attendance,
    Base,
    CaseNote,
    Conference,
    Contact,
    Decision,
    DisclosureDecision,
    ProposedAction,
    RiskAssessment,
    Setting,
    Victim,
)
from solodesk.reports.minute_data import MinuteContent, Recipient, RestrictedItem, Withholding
from solodesk.services import audit
from solodesk.services.audience import Audience, Member
from solodesk.services.minute_content import read_minute
from solodesk.services.settings_access import personal_key
from solodesk.store import CaseStore

MODEL_OF_PREFIX: dict[str, type[Base]] = {
    "note": AgendaNote,
    "victim": Victim,
    "assessment": RiskAssessment,
    "action": Action,
    "decision": Decision,
    "disclosure": DisclosureDecision,
    "amendment": AmendmentRequest,
    "report": AgencyReport,
    "case_note": CaseNote,
    "proposed_action": ProposedAction,
    "attachment": Attachment,
}
LAST_KINDS_KEY = "audience.last_kinds"
UNTICKED = "Not cleared for restricted items (circulate dialog)."


class ClearanceError(Exception):
    """An audience cannot be read or set; the message is a sentence for the user."""


@dataclass(frozen=True)
class ClearanceMatrix:
    """Who would get which restricted item if the minute were issued now.

    Attributes:
        recipients: the distribution list, in order.
        items: the restricted items, in print order, with their readers.
        withholdings: every (recipient, item) withheld, with its reason.
    """

    recipients: list[Recipient]
    items: list[RestrictedItem]
    withholdings: list[Withholding]

    def sees(self, recipient: Recipient, item: RestrictedItem) -> bool:
        """Return True when the recipient's copy would show the item."""
        return recipient.number in item.readers

    def reason(self, recipient: Recipient, item: RestrictedItem) -> str:
        """Return why the item is withheld from the recipient ("" when they see it)."""
        return next((w.reason for w in self.withholdings if w.recipient == recipient.name and w.item == item.label), "")

    def distinct_contents(self) -> int:
        """Return how many different sets of restricted items the copies show."""
        return len({frozenset(i.key for i in self.items if self.sees(r, i)) for r in self.recipients})


def record_for(session: Session, key: str) -> Any:
    """Return the record a key names.

    Raises:
        ClearanceError: the key names nothing in this store.
    """
    prefix, _, number = key.partition(":")
    model = MODEL_OF_PREFIX.get(prefix)
    record = session.get(model, int(number)) if model is not None and number.isdigit() else None
    if record is None:
        raise ClearanceError("That restricted item is no longer in this store.")
    return record


def audience_of(store: CaseStore, key: str) -> Audience:
    """Return who may see an item besides the chair."""
    with store.session() as session:
        return Audience.from_json(record_for(session, key).audience)


def set_audience(store: CaseStore, key: str, audience: Audience, restrict: bool = True) -> None:
    """Give an item its audience (and restrict it, unless told not to); the next issue uses it."""
    with store.session() as session:
        record = record_for(session, key)
        if isinstance(record, Attachment) and record.report.restricted:
            # A file's audience is never wider than its report's: keep the narrower of the two.
            people = [Member(c.id, c.agency.kind if c.agency else None) for c in session.scalars(select(Contact))]
            audience = audience.narrower(Audience.from_json(record.report.audience), people)
        record.audience = audience.to_json()
        if restrict and hasattr(record, "restricted"):
            record.restricted = True
        audit.record(
            session,
            "audience.set",
            record.__tablename__,
            record.id,
            f"kinds={len(audience.kinds)} named={len(audience.contacts)} withheld={len(audience.withheld)}",
        )


def clearance_matrix(store: CaseStore, conference_id: int) -> ClearanceMatrix:
    """Return the matrix of the next issue: recipients down, restricted items across.

    Raises:
        ClearanceError: no such conference.
    """
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise ClearanceError(f"There is no conference {conference_id} in this store.")
        content: MinuteContent = read_minute(session, conference)
    return ClearanceMatrix(list(content.distribution), content.restricted_items(), list(content.withholdings))


def set_cell(store: CaseStore, key: str, recipient: Recipient, sees: bool, reason: str = "") -> None:
    """Let one recipient see an item, or withhold it from them for a one-line reason.

    Raises:
        ClearanceError: the recipient chairs the conference (the chair sees everything), or
            a withholding has no reason.
    """
    if recipient.contact_id is None:
        raise ClearanceError("This recipient is not in the directory, so their clearance cannot be set.")
    if recipient.chair and not sees:
        raise ClearanceError("The chair sees every restricted item.")
    if not sees and not reason.strip():
        raise ClearanceError("Give a one-line reason for withholding the item.")
    audience = audience_of(store, key)
    changed = (
        audience.with_contact(recipient.contact_id) if sees else audience.without_contact(recipient.contact_id, reason)
    )
    set_audience(store, key, changed)


def last_kinds(store: CaseStore) -> dict[AgencyKind, bool]:
    """Return, per agency kind, whether the chair ticked it the last time they restricted an item."""
    with store.session() as session:
        setting = session.get(Setting, personal_key(store, LAST_KINDS_KEY))
        try:
            stored = json.loads(setting.value) if setting is not None else {}
        except ValueError:
            stored = {}
    return {kind: bool(stored.get(kind.value, False)) for kind in AgencyKind}


def remember_kinds(store: CaseStore, ticked: dict[AgencyKind, bool]) -> None:
    """Remember which agency kinds were ticked, for the next item the chair restricts."""
    value = json.dumps({kind.value: on for kind, on in ticked.items()}, sort_keys=True)
    with store.session() as session:
        session.merge(Setting(key=personal_key(store, LAST_KINDS_KEY), value=value))


def clear_for_every_item(session: Session, conference: Conference, contact_id: int, cleared: bool) -> None:
    """Add a person to (or withhold from them) every restricted item of the conference's next issue.

    This is the circulate dialog's "cleared for restricted items" tick: a shortcut over
    the clearance matrix, which sets one item at a time.
    """
    content = read_minute(session, conference)
    recipient = next((r for r in content.distribution if r.contact_id == contact_id), None)
    for item in content.restricted_items():
        sees = recipient is not None and recipient.number in item.readers
        if sees == cleared or (recipient is not None and recipient.chair):
            continue
        record = record_for(session, item.key)
        audience = Audience.from_json(record.audience)
        changed = audience.with_contact(contact_id) if cleared else audience.without_contact(contact_id, UNTICKED)
        record.audience = changed.to_json()


def cleared_for_every_item(content: MinuteContent, contact_id: int) -> bool:
    """Return True when a person's copy would show every restricted item (and there is at least one)."""
    items = content.restricted_items()
    recipient = next((r for r in content.distribution if r.contact_id == contact_id), None)
    return bool(items) and recipient is not None and all(recipient.number in i.readers for i in items)


@dataclass(frozen=True)
class Person:
    """An invitee the chair may name in an audience."""

    contact_id: int
    name: str
    agency: str


@dataclass(frozen=True)
class AudienceChoices:
    """What the "who may see it?" checklist offers for one item.

    Attributes:
        key: the item.
        current: its audience now.
        people: the invitees present (or not yet recorded as absent); the chair is left out: the chair always sees it.
        last_kinds: per agency kind, whether the chair ticked it the last time.
    """

    key: str
    current: Audience
    people: list[Person]
    last_kinds: dict[AgencyKind, bool]


_FLAG_PREFIX = {"VictimFlag": "victim", "AssessmentFlag": "assessment", "DecisionFlag": "decision"}
_FLAG_PREFIX.update(DisclosureFlag="disclosure", ActionFlag="action")


def key_for_flag(field: object, record_id: int) -> str | None:
    """Return the item key a chair-mode "Restricted" tick is about, or None for any other tick."""
    prefix = _FLAG_PREFIX.get(type(field).__name__)
    return f"{prefix}:{record_id}" if prefix and getattr(field, "value", "") == "restricted" else None


def audience_choices(store: CaseStore, key: str) -> AudienceChoices:
    """Return what the checklist for one item offers: its audience, present invitees, last kinds.

    Raises:
        ClearanceError: the item is gone.
    """
    kinds = last_kinds(store)
    with store.session() as session:
        record = record_for(session, key)
        owner = record.report if isinstance(record, Attachment) else record  # a file is of its report's conference
        conference_id = getattr(owner, "conference_id", None) or getattr(owner, "raised_at_id", None)
        conference = session.get(Conference, conference_id) if conference_id else None
        people = []
        if conference is not None:
            people = [
                Person(i.contact_id, i.contact.name, i.contact.agency_name)
                for i in conference.invitations
                if i.attendance in (Attendance.PRESENT, Attendance.UNKNOWN) and i.contact_id != conference.chair_id
            ]
        return AudienceChoices(key, Audience.from_json(record.audience), people, kinds)


def note_key(store: CaseStore, conference_id: int, item: AgendaItem) -> str:
    """Return the key of an agenda item's notes (made empty when none were recorded), for its audience."""
    with store.session() as session:
        note = session.scalars(
            select(AgendaNote).where(AgendaNote.conference_id == conference_id, AgendaNote.item == item)
        ).first()
        if note is None:
            note = AgendaNote(conference_id=conference_id, item=item)
            session.add(note)
            session.flush()
        return f"note:{note.id}"
