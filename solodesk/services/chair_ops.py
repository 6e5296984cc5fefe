"""Typed chair edits: one small frozen dataclass per kind of change, applied by :func:`apply`.

A widget says exactly what it changes (``SetText(VictimText.DESCRIPTION, victim_id,
text)``), never a field name as a string: the enums of
:mod:`solodesk.services.chair_fields` are the allow-list of what the chair may
change, and each operation carries a value of the right type. Every operation
writes an audit event naming the conference, the record and the field, never
the text.
"""

import enum
from dataclasses import dataclass
from datetime import date, time
from typing import ClassVar, Protocol, TypeVar

from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    AgendaItem,
    Attendance,
    Base,
    Conference,
    Contact,
    Decision,
    Invitation,
    PlanArea,
    ReasonForConvening,
    RiskAssessment,
    RiskLevel,
    Victim,
    VictimKind,
)
from solodesk.services import audit
from solodesk.services.chair_fields import (
    KIND_NAMES,
    MODEL_OF,
    ActionText,
    AssessmentFlag,
    AssessmentText,
    ConferenceFlag,
    ConferenceText,
    DecisionFlag,
    DecisionText,
    DisclosureFlag,
    DisclosureText,
    Flag,
    InvitationFlag,
    TextField,
    VictimFlag,
    VictimText,
)
from solodesk.services.chair_view import ChairError
from solodesk.services.edit_conflict import check_base
from solodesk.store import CaseStore


def _model_of(field: enum.StrEnum) -> type[Base]:
    model = MODEL_OF.get(type(field))
    if model is None:
        raise TypeError(f"not an editable field: {field!r}")
    return model


# Operations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SetText:
    """Replace a free-text field of a record (the record's kind follows from the field).

    ``conference_id`` names the meeting an edit belongs to when the record itself
    does not (the subject's case record, a diversity need), for the audit trail.
    ``base`` is the text the editor started from: when someone else has saved the
    field since, the edit is refused (:mod:`solodesk.services.edit_conflict`).
    """

    field: TextField
    record_id: int
    text: str
    conference_id: int | None = None
    base: str | None = None

    def __post_init__(self) -> None:
        _model_of(self.field)

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""
        return _model_of(self.field), self.record_id

    def values(self, _session: Session) -> dict[str, object]:
        """Return the columns to set."""
        return {self.field.value: self.text}


@dataclass(frozen=True)
class SetFlag:
    """Tick or untick a field of a record."""

    field: Flag
    record_id: int
    on: bool

    def __post_init__(self) -> None:
        _model_of(self.field)

    @property
    def lifts_restriction(self) -> bool:
        """Return True when this unticks "Restricted" (shared more widely: undoable, audited as such)."""
        return self.field.value == "restricted" and not self.on

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""
        return _model_of(self.field), self.record_id

    def values(self, _session: Session) -> dict[str, object]:
        """Return the columns to set."""
        return {self.field.value: self.on}


@dataclass(frozen=True)
class _SetColumn:
    """An operation that sets one column of one kind of record to the typed ``value`` of its subclass."""

    model: ClassVar[type[Base]]
    column: ClassVar[str]
    record_id: int

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""
        return self.model, self.record_id

    def values(self, _session: Session) -> dict[str, object]:
        """Return the column to set."""
        return {self.column: getattr(self, "value")}  # noqa: B009 - each subclass declares its own typed value


@dataclass(frozen=True)
class SetAttendance(_SetColumn):
    """Record whether an invitee is present, sent apologies or is absent."""

    model = Invitation
    column = "attendance"
    value: Attendance


@dataclass(frozen=True)
class SetVictimKind(_SetColumn):
    """Mark a victim as known or potential."""

    model = Victim
    column = "kind"
    value: VictimKind


@dataclass(frozen=True)
class SetRiskLevel(_SetColumn):
    """Record the agreed level of risk (None: not agreed)."""

    model = Conference
    column = "risk_level"
    value: RiskLevel | None


@dataclass(frozen=True)
class SetPreviousMinuteAccurate(_SetColumn):
    """Record whether the last minute was agreed as accurate (None: not yet taken)."""

    model = Conference
    column = "previous_minute_accurate"
    value: bool | None


@dataclass(frozen=True)
class SetNextDate(_SetColumn):
    """Set or clear the next meeting's date."""

    model = Conference
    column = "next_date"
    value: date | None


@dataclass(frozen=True)
class SetNextTime(_SetColumn):
    """Set or clear the next meeting's time."""

    model = Conference
    column = "next_time"
    value: time | None


@dataclass(frozen=True)
class SetAssessedOn(_SetColumn):
    """Set or clear the date of a risk assessment."""

    model = RiskAssessment
    column = "assessed_on"
    value: date | None


@dataclass(frozen=True)
class SetActionDue(_SetColumn):
    """Set or clear an action's due date."""

    model = Action
    column = "due_date"
    value: date | None


@dataclass(frozen=True)
class SetActionArea(_SetColumn):
    """File an action under an area of the plan."""

    model = Action
    column = "plan_area"
    value: PlanArea


@dataclass(frozen=True)
class SetDecisionItem(_SetColumn):
    """File a decision under an agenda item."""

    model = Decision
    column = "item"
    value: AgendaItem


@dataclass(frozen=True)
class SetReasons:
    """Choose the reasons for convening (stored in the enum's order, whatever order they were ticked)."""

    record_id: int
    value: frozenset[ReasonForConvening]

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""
        return Conference, self.record_id

    def values(self, _session: Session) -> dict[str, object]:
        """Return the columns to set."""
        return {"reasons": [r.value for r in ReasonForConvening if r in self.value]}


@dataclass(frozen=True)
class SetActionOwner:
    """Give an action an owner (None: nobody); their agency comes with them."""

    record_id: int
    value: int | None

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""
        return Action, self.record_id

    def values(self, session: Session) -> dict[str, object]:
        """Return the owner and their agency."""
        owner = get_record(session, Contact, self.value) if self.value is not None else None
        return {"owner_id": self.value, "owner_agency_id": owner.agency_id if owner else None}


Operation = (
    SetText
    | SetFlag
    | SetAttendance
    | SetVictimKind
    | SetRiskLevel
    | SetPreviousMinuteAccurate
    | SetNextDate
    | SetNextTime
    | SetAssessedOn
    | SetActionDue
    | SetActionArea
    | SetDecisionItem
    | SetReasons
    | SetActionOwner
)

# Applying ----------------------------------------------------------------------------------


class ChairOperation(Protocol):
    """What :func:`apply` needs of an operation (those above, and those of ``chair_record_ops``, ``chair_risk_ops``)."""

    def target(self) -> tuple[type[Base], int]:
        """Return the model and id of the record changed."""

    def values(self, session: Session) -> dict[str, object]:
        """Return the columns to set."""


M = TypeVar("M", bound=Base)


def get_record(session: Session, model: type[M], record_id: int, *, lock: bool = False) -> M:
    """Return a record, or say plainly that it has gone; ``lock`` holds its row until the commit (PostgreSQL).

    Raises:
        ChairError: no such record (removed elsewhere, or a stale row on screen).
    """
    record = session.get(model, record_id, with_for_update=lock or None)
    if record is None:
        raise ChairError(f"That {KIND_NAMES.get(model, model.__tablename__)} is no longer in the store.")
    return record


def conference_of(record: Base) -> int | None:
    """Return the id of the conference a chair-edited record belongs to."""
    if isinstance(record, Conference):
        return record.id
    if isinstance(record, Action):
        return record.raised_at_id
    return getattr(record, "conference_id", None)


def record_chair_event(session: Session, conference_id: int | None, verb: str, kind: str, detail: str) -> None:
    """Audit a chair edit against its conference (``chair.<kind>.<verb>``), naming records by id only."""
    audit.record(session, f"chair.{kind}.{verb}", "conference", conference_id, detail)


def apply(store: CaseStore, *operations: ChairOperation) -> None:
    """Apply operations in one transaction, each audited by ids and field names only.

    Raises:
        ChairError: a record named is no longer in the store (nothing is changed).
        EditConflictError: someone else saved a field since the editor's ``base`` (nothing is changed).
    """
    with store.session() as session:
        for operation in operations:
            model, record_id = operation.target()
            # Locked, so no other save slips in between the check of the base and the write.
            record = get_record(session, model, record_id, lock=True)
            values = operation.values(session)
            for column, value in values.items():
                check_base(record, column, getattr(operation, "base", None), value)
                setattr(record, column, value)
            lifted = isinstance(operation, SetFlag) and operation.lifts_restriction
            kind = KIND_NAMES[model]
            named = getattr(operation, "conference_id", None)
            record_chair_event(
                session,
                named if named is not None else conference_of(record),
                "restriction_lifted" if lifted else "edited",
                kind,
                f"{kind}={record_id} fields={','.join(sorted(values))}",
            )


__all__ = [
    "ActionText",
    "AssessmentFlag",
    "AssessmentText",
    "ChairOperation",
    "ConferenceFlag",
    "ConferenceText",
    "DecisionFlag",
    "DecisionText",
    "DisclosureFlag",
    "DisclosureText",
    "Flag",
    "InvitationFlag",
    "Operation",
    "SetActionArea",
    "SetActionDue",
    "SetActionOwner",
    "SetAssessedOn",
    "SetAttendance",
    "SetDecisionItem",
    "SetFlag",
    "SetNextDate",
    "SetNextTime",
    "SetPreviousMinuteAccurate",
    "SetReasons",
    "SetRiskLevel",
    "SetText",
    "SetVictimKind",
    "TextField",
    "VictimFlag",
    "VictimText",
    "apply",
    "conference_of",
    "get_record",
    "record_chair_event",
]
