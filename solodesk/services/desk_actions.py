"""The desk's open actions overdue or due soon, grouped by owner and agency.

A large store has tens of thousands of such actions. The desk screen shows the
first few of each owner's (with the exact number), so with a limit SQL groups and
counts them and reads only the lines shown, from an index of open actions by owner
(no sort). Without a limit (the ``solodesk desk`` command, the chasing letters)
every line is built.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from solodesk.models import Action, ActionStatus, Agency, CaseStatus, Conference, Contact, Subject
from solodesk.models.plan import OUTCOME_STATUSES
from solodesk.services.desk_facts import day, iso, plain_rows
from solodesk.services.desk_lines import ActionGroup, ActionLine

DUE_SOON_DAYS = 14
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.ONGOING)
NO_OWNER = "No owner named"


@dataclass
class _Group:
    email: str
    ids: list[int] = field(default_factory=list)  # the actions shown, oldest first
    total: int = 0


@dataclass(frozen=True)
class DeskActions:
    """The action groups and how many actions are overdue and due soon in all."""

    groups: list[ActionGroup]
    overdue: int
    due_soon: int


def _wanted(as_of: date, columns: Sequence[Any]) -> Select[Any]:
    return (
        select(*columns)
        .join(Subject, Subject.id == Action.subject_id)
        .outerjoin(_RAISED_AT, _RAISED_AT.id == Action.raised_at_id)
        .where(
            Subject.case_status != CaseStatus.CLOSED,
            Action.status.in_(OPEN_ACTION_STATUSES),
            Action.due_date <= as_of + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by(Action.due_date, Action.id)  # oldest first: each owner's lines come in order
    )


def _open_due(as_of: date, action: Any = Action, subject: Any = Subject) -> tuple[Any, ...]:
    """Return the conditions for an open action due by the horizon, of an open case.

    With no ``subject`` joined, closed cases are a list looked up in memory: a walk of every
    open action due in the index (which holds subject_id) would otherwise read each one's case.
    """
    # "Open" as the index ix_action_open_by_owner says it (the same condition lets SQLite use it).
    return (
        subject.case_status != CaseStatus.CLOSED if subject is not None else action.subject_id.not_in(_CLOSED_CASES),
        action.status.not_in(OUTCOME_STATUSES),
        action.due_date <= as_of + timedelta(days=DUE_SOON_DAYS),
    )


def _same_owner(action: Any, other: Any) -> Any:
    return and_(
        action.owner_id.is_not_distinct_from(other.owner_id),
        action.owner_agency_id.is_not_distinct_from(other.owner_agency_id),
    )


def _first_lines(as_of: date, limit: int) -> Select[Any]:
    """Return the first ``limit`` lines (oldest first) of each (owner, owner's agency) pair.

    Each line carries its pair's exact count and how many of those are overdue. The pairs are
    grouped and counted in SQL, each with its last line shown (found by walking the pair's
    open actions in the index, in due-date order); then only the lines up to it are read.
    """
    owned, later, later_subject, last = aliased(Action), aliased(Action), aliased(Subject), aliased(Action)
    horizon = as_of + timedelta(days=DUE_SOON_DAYS)
    last_shown = (
        select(later.id)
        .join(later_subject, later_subject.id == later.subject_id)
        .where(*_open_due(as_of, later, later_subject), _same_owner(later, owned))
        .order_by(later.due_date, later.id)
        .offset(limit - 1)
        .limit(1)
        .correlate(owned)
        .scalar_subquery()
    )
    pairs = (
        select(
            owned.owner_id,
            owned.owner_agency_id,
            func.count().label("total"),
            func.sum(case((owned.due_date < as_of, 1), else_=0)).label("overdue"),
            last_shown.label("last_id"),
        )
        .where(*_open_due(as_of, owned, None))
        .group_by(owned.owner_id, owned.owner_agency_id)
        .subquery()
    )
    up_to_last = or_(
        pairs.c.last_id.is_(None),  # the pair has no more than the limit
        Action.due_date < last.due_date,
        and_(Action.due_date == last.due_date, Action.id <= last.id),
    )
    columns: tuple[Any, ...] = (*_LINE_COLUMNS, pairs.c.total, pairs.c.overdue)
    return (
        select(*columns)
        .select_from(pairs)
        .outerjoin(last, last.id == pairs.c.last_id)
        .join(Action, _same_owner(Action, pairs.c))
        .join(Subject, Subject.id == Action.subject_id)
        .outerjoin(_RAISED_AT, _RAISED_AT.id == Action.raised_at_id)
        # The first condition bounds each pair's walk of the index; the second cuts ties.
        .where(*_open_due(as_of), Action.due_date <= func.coalesce(last.due_date, horizon), up_to_last)
    )


_RAISED_AT = aliased(Conference)
_CLOSED_CASES = select(Subject.id).where(Subject.case_status == CaseStatus.CLOSED)
_LINE_COLUMNS = (
    Action.id,
    Action.subject_id,
    Action.raised_at_id,
    Action.description,
    Action.due_date,
    Action.owner_id,
    Action.owner_agency_id,
    Subject.forenames,
    Subject.surname,
    _RAISED_AT.meeting_date,
)


def desk_actions(session: Session, as_of: date, limit: int | None = None) -> DeskActions:
    """Return the open actions overdue or due within 14 days, grouped by owner and agency.

    Args:
        session: an open session.
        as_of: the desk's day.
        limit: the most lines kept per group (None for all); totals and counts stay exact.
    """
    if limit is not None and limit < 1:
        raise ValueError("a desk's limit is at least one line")
    connection = session.connection()
    # Owners and agencies come from small lookups rather than joins: with tens of thousands
    # of actions due (a whole desk), a join per row costs more than the whole lookup.
    contact_rows = connection.execute(select(Contact.id, Contact.name, Contact.email, Contact.agency_id))
    contacts: dict[int | None, tuple[str | None, str | None, int | None]] = {
        contact_id: (name, email, agency_id) for contact_id, name, email, agency_id in contact_rows
    }
    agencies: dict[int | None, str] = {
        agency_id: name for agency_id, name in connection.execute(select(Agency.id, Agency.name))
    }
    groups: dict[tuple[str, str, int | None], _Group] = {}
    # Each (owner, owner's agency) pair is looked up once; several pairs can name one group.
    group_of: dict[tuple[int | None, int | None], _Group] = {}
    no_contact: tuple[str | None, str | None, int | None] = (None, None, None)

    def group(owner_id: int | None, owner_agency_id: int | None) -> _Group:
        found = group_of.get((owner_id, owner_agency_id))
        if found is None:
            owner, email, contact_agency = contacts.get(owner_id, no_contact)
            agency = agencies.get(owner_agency_id if owner_agency_id is not None else contact_agency, "")
            found = groups.setdefault((owner or NO_OWNER, agency, owner_id), _Group(email or ""))
            group_of[(owner_id, owner_agency_id)] = found
        return found

    today = as_of.isoformat()  # stored dates are ISO text, which sorts as the dates do
    overdue = 0
    if limit is None:
        rows = plain_rows(session, _wanted(as_of, _LINE_COLUMNS))
        for row in rows:
            found = group_of.get((row[5], row[6])) or group(row[5], row[6])
            found.ids.append(row[0])
            found.total += 1
            overdue += iso(row[4]) < today
    else:
        rows = plain_rows(session, _first_lines(as_of, limit))
        counted = set()
        # Oldest first, as each group's lines are shown; several pairs can make one group
        # (an owner named with and without their agency).
        rows.sort(key=lambda row: (iso(row[4]), row[0]))
        for row in rows:
            found = group(row[5], row[6])
            if (row[5], row[6]) not in counted:
                counted.add((row[5], row[6]))
                found.total += row[10]
                overdue += row[11]
            if len(found.ids) < limit:
                found.ids.append(row[0])
    line_of: dict[int, ActionLine] = {}
    for action_id, subject_id, raised_at_id, text, due_text, _, _, forenames, surname, met_text, *_ in rows:
        due = date.fromisoformat(iso(due_text))  # the WHERE clause excludes undated actions
        line_of[action_id] = ActionLine(
            action_id, subject_id, f"{forenames} {surname}", raised_at_id, day(met_text), text, due, due < as_of
        )
    result = [
        ActionGroup(owner, agency, owner_id, g.email, [line_of[i] for i in g.ids], g.total if limit else None)
        for (owner, agency, owner_id), g in groups.items()
    ]
    # Owners with the oldest overdue work first; "no owner" groups sort with the rest.
    result.sort(key=lambda g: (g.actions[0].due, g.owner.casefold(), g.agency.casefold()))
    total = sum(g.total for g in groups.values())
    return DeskActions(result, overdue, total - overdue)
