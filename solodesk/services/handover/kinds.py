"""The record kinds a handover pack carries, and how one record is written to JSON and read back.

Every record travels by its stable ``uuid`` (revision 0018). Its columns travel as JSON
values; its references to other records (``*_id`` columns) travel as the uuid of the record
named, so they mean the same on the other computer. Contact ids inside an audience and in a
frozen minute's distribution list travel as uuids too.
"""

import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, Time
from sqlalchemy import Enum as SAEnum

from solodesk.models import (
    Action,
    Agency,
    AgencyReport,
    AgendaNote,
    AmendmentRequest,
    Attachment,
    Base,
    CaseNote,
    Conference,
    Contact,
    ContingencyItem,
    Decision,
    DisclosureDecision,
    Distribution,
    DiversityNeed,
    Invitation,
    MinuteIssue,
    ProposedAction,
    ReleaseNotification,
    RiskAssessment,
    Subject,
    Victim,
)
from solodesk.models.versioned import Versioned
from solodesk.services.packs.format import PackError
from solodesk.services.packs.kinds import EARLIEST_YEAR, LATEST_YEAR, MAX_LONG_TEXT, checked_text

UNREADABLE = "The pack's contents are not in a form this version of SOLO Desk can read."
# Bookkeeping columns that never travel: local ids, who saved a row here and when, derived search keys.
_LOCAL_COLUMNS = frozenset(
    {
        "id",
        "uuid",
        "created_at",
        "updated_at",
        "created_by",
        "search_text",
        "sort_name",
        "data",
    }
)
# A row's edit version and last saver are this store's own (an issued minute's ``version`` is content).
_VERSION_COLUMNS = frozenset({"version", "changed_by", "changed_at"})


class Role(enum.StrEnum):
    """How an import treats a kind.

    RECORD: merged (added, updated, or a conflict). REFERENCE: the directory and the case's other
    meetings, carried only so references resolve: added when missing, never changed by an import.
    """

    RECORD = "record"
    REFERENCE = "reference"


@dataclass(frozen=True)
class Kind:
    """One kind of record.

    Attributes:
        name: the kind's name in the pack (its table name).
        model: the mapped class.
        label: what a preview calls it.
        role: see :class:`Role`.
        natural_key: columns (references by their column name) that identify the record when its
            uuid is not in the store, because the store allows only one such record (an agenda
            item's notes, a person's invitation, a minute's version number).
    """

    name: str
    model: type[Base]
    label: str
    role: Role = Role.RECORD
    natural_key: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[str, ...]:
        """Return the columns that travel as values."""
        local = _LOCAL_COLUMNS | (_VERSION_COLUMNS if issubclass(self.model, Versioned) else frozenset())
        columns = self.model.__table__.columns
        return tuple(c.name for c in columns if c.name not in local and not c.foreign_keys)

    @property
    def refs(self) -> dict[str, str]:
        """Return reference column -> the kind it names."""
        columns = self.model.__table__.columns
        return {c.name: next(iter(c.foreign_keys)).column.table.name for c in columns if c.foreign_keys}


_ALL = (
    Kind("agency", Agency, "Agency", Role.REFERENCE),
    Kind("contact", Contact, "Person", Role.REFERENCE),
    Kind("subject", Subject, "Case"),
    Kind("conference", Conference, "Conference"),
    Kind("invitation", Invitation, "Invitation", natural_key=("conference_id", "contact_id")),
    Kind("agenda_note", AgendaNote, "Agenda notes", natural_key=("conference_id", "item")),
    Kind("victim", Victim, "Victim"),
    Kind("decision", Decision, "Decision"),
    Kind("disclosure_decision", DisclosureDecision, "Disclosure decision"),
    Kind("contingency_item", ContingencyItem, "Contingency"),
    Kind("diversity_need", DiversityNeed, "Diversity need"),
    Kind("release_notification", ReleaseNotification, "Release notification"),
    Kind("risk_assessment", RiskAssessment, "Risk assessment"),
    Kind("action", Action, "Action"),
    Kind("agency_report", AgencyReport, "Agency report"),
    Kind("attachment", Attachment, "Attached file"),
    Kind("case_note", CaseNote, "Note"),
    Kind("proposed_action", ProposedAction, "Proposed action"),
    Kind("minute_issue", MinuteIssue, "Issued minute", natural_key=("conference_id", "version")),
    Kind("distribution", Distribution, "Copy sent"),
    Kind("amendment_request", AmendmentRequest, "Amendment request"),
)
# In the order an import writes them: whatever a record names is written before it.
KINDS: dict[str, Kind] = {k.name: k for k in _ALL}
ORDER = {name: n for n, name in enumerate(KINDS)}
# Records whose content, once written, never changes: a conflict on them cannot take the other side.
FROZEN = frozenset({"minute_issue", "distribution"})


def encode_value(value: Any) -> Any:
    """Return one column value in its JSON form."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        # One form on every store: a laptop's SQLite gives times back without a zone, PostgreSQL with one.
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def decode_value(column: Any, value: Any) -> Any:
    """Return a column value from its JSON form, checking its type, length and range.

    Raises:
        TypeError: of the wrong type.
        ValueError: out of range, too long, or text holding a character text may not hold.
    """
    column_type = column.type
    if value is None:
        if column.nullable:
            return None
        raise TypeError("missing value")
    if isinstance(column_type, SAEnum) and column_type.enum_class is not None:
        if not isinstance(value, str):
            raise TypeError("not text")
        return column_type.enum_class(value)
    if isinstance(column_type, DateTime):
        moment = datetime.fromisoformat(checked_text(value, 40))
        return _in_range(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))
    if isinstance(column_type, Date):
        return _in_range(date.fromisoformat(checked_text(value, 10)))
    if isinstance(column_type, Time):
        return time.fromisoformat(checked_text(value, 20))
    if isinstance(column_type, Boolean):
        if not isinstance(value, bool):
            raise TypeError("not a boolean")
        return value
    if isinstance(column_type, Integer):
        if not isinstance(value, int) or isinstance(value, bool) or not -(2**53) <= value <= 2**53:
            raise TypeError("not an integer in range")
        return value
    if isinstance(column_type, JSON):
        if not isinstance(value, dict | list):
            raise TypeError("not a JSON object or list")
        return value
    # A sized column holds no more here than where it was typed (a team store's server enforces it).
    limit = column_type.length if isinstance(column_type, String) and column_type.length else MAX_LONG_TEXT
    return checked_text(value, limit)


def _in_range(day: Any) -> Any:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValueError("date out of range")
    return day


def decode_fields(kind: Kind, values: Any) -> dict[str, Any]:
    """Return a record's column values from the pack, every one checked.

    Raises:
        PackError: a value is missing or not valid (the whole pack is refused).
    """
    if not isinstance(values, dict):
        raise PackError(UNREADABLE)
    columns = kind.model.__table__.columns
    out: dict[str, Any] = {}
    for name in kind.fields:
        if name not in values:
            raise PackError(UNREADABLE)
        try:
            out[name] = decode_value(columns[name], values[name])
        except (TypeError, ValueError, OverflowError) as exc:
            raise PackError(f"The pack was refused: the {kind.label.lower()} field “{name}” is not valid.") from exc
    return out


def is_reference(kind: str, record_uuid: str, refs: dict[str, str | None], focus: str) -> bool:
    """Return True for a record carried only so others resolve (never changed by an import).

    The directory, the case's other meetings, and another meeting's issued minute (the previous
    minute a check-out brings for reading) are references; the meeting handed over is the record.
    """
    if KINDS[kind].role == Role.REFERENCE:
        return True
    if kind == "conference":
        return record_uuid != focus
    return kind == "minute_issue" and refs.get("conference_id") != focus
