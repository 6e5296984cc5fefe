"""Chair mode's view of one conference: the shared read model, and how far each agenda item has got.

Widgets never hold ORM objects: they get the frozen rows of
:mod:`solodesk.services.conference_rows` (re-exported here), read by
:func:`solodesk.services.conference_read.read_conference`, and write back
through :mod:`solodesk.services.chair_edit`.
"""

import enum

from sqlalchemy.orm import Session

from solodesk.models import AgendaItem, Attendance, Conference
from solodesk.services.conference_read import read_conference
from solodesk.services.conference_rows import (
    ActionRow,
    AssessmentRow,
    ConferenceSnapshot,
    DecisionRow,
    DisclosureRow,
    InviteeRow,
    NoteRow,
    VictimRow,
)
from solodesk.store import CaseStore

__all__ = [
    "ActionRow",
    "AssessmentRow",
    "ChairError",
    "ConferenceSnapshot",
    "DecisionRow",
    "DisclosureRow",
    "InviteeRow",
    "NoteRow",
    "Progress",
    "VictimRow",
    "item_progress",
    "load_snapshot",
    "snapshot",
]


class ChairError(LookupError):
    """A record the chair is working on is no longer in the store."""


class Progress(enum.StrEnum):
    """How far an agenda item has got."""

    EMPTY = "empty"
    STARTED = "started"
    COMPLETED = "completed"


def snapshot(session: Session, conference_id: int) -> ConferenceSnapshot:
    """Return the snapshot of a conference (the read model every view shares).

    Raises:
        ChairError: no such conference.
    """
    conference = session.get(Conference, conference_id)
    if conference is None:
        raise ChairError("That conference is no longer in the store.")
    return read_conference(session, conference)


def load_snapshot(store: CaseStore, conference_id: int) -> ConferenceSnapshot:
    """Return the snapshot of a conference through an open store."""
    with store.session() as session:
        return snapshot(session, conference_id)


def _filled(snap: ConferenceSnapshot, item: AgendaItem) -> bool:
    note = snap.note(item)
    if note.notes.strip() or note.restricted_notes.strip():
        return True
    checks = {
        AgendaItem.INTRODUCTIONS: any(i.attendance != Attendance.UNKNOWN for i in snap.invitees),
        AgendaItem.APOLOGIES: any(i.attendance == Attendance.APOLOGIES for i in snap.invitees),
        AgendaItem.PREVIOUS_MINUTE: snap.previous_minute_accurate is not None
        or any(a.reviewed_here for a in snap.previous_actions),
        AgendaItem.PURPOSE: bool(snap.reasons or snap.reasons_other.strip()),
        AgendaItem.VICTIM_ISSUES: bool(snap.victims),
        AgendaItem.RISK_ASSESSMENT: bool(snap.assessments or snap.risk_level or snap.risk_rationale.strip()),
        AgendaItem.ACTION_PLAN: bool(snap.actions or snap.decisions or snap.disclosures),
        AgendaItem.NEXT_MEETING: bool(snap.next_date or snap.not_reconvening_reason.strip()),
    }
    return checks[item]


def item_progress(snap: ConferenceSnapshot, item: AgendaItem | None) -> Progress:
    """Return how far an agenda item has got (None is the confidentiality statement)."""
    if item is None:
        return Progress.COMPLETED if snap.confidentiality_agreed else Progress.EMPTY
    if snap.note(item).completed:
        return Progress.COMPLETED
    return Progress.STARTED if _filled(snap, item) else Progress.EMPTY
