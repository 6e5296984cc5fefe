"""The desk's open actions overdue or due soon, grouped by owner and agency.

A large store has tens of thousands of such actions. The desk screen shows the
first few of each owner's (with the exact number), so with a limit only the ids,
due dates and owners of the actions are read to group and count them, and the
full rows are read for the lines shown. Without a limit (the ``solodesk desk``
command, the chasing letters) every line is built.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from solodesk.models import Action, ActionStatus, Agency, CaseStatus, Contact, Subject
from solodesk.services.desk_facts import Cases, ConferenceFacts, day, iso, plain_rows
from solodesk.services.desk_lines import ActionGroup, ActionLine

DUE_SOON_DAYS = 14
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.ONGOING)
NO_OWNER = "No owner named"
# Ids per IN (...) list when reading the lines shown.
_ID_CHUNK = 500


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
        .where(
            Subject.case_status != CaseStatus.CLOSED,
            Action.status.in_(OPEN_ACTION_STATUSES),
            Action.due_date <= as_of + timedelta(days=DUE_SOON_DAYS),
        )
        .order_by(Action.due_date, Action.id)  # oldest first: each owner's lines come in order
    )


_LINE_COLUMNS = (
    Action.id,
    Action.subject_id,
    Action.raised_at_id,
    Action.description,
    Action.due_date,
    Action.owner_id,
    Action.owner_agency_id,
)


def desk_actions(
    session: Session,
    as_of: date,
    conferences: Sequence[ConferenceFacts],
    cases: Cases,
    limit: int | None = None,
) -> DeskActions:
    """Return the open actions overdue or due within 14 days, grouped by owner and agency.

    Args:
        session: an open session.
        as_of: the desk's day.
        conferences: every conference's facts (for the meeting each action came from).
        cases: every case's facts (for the case names).
        limit: the most lines kept per group (None for all); totals and counts stay exact.
    """
    if limit is not None and limit < 1:
        raise ValueError("a desk's limit is at least one line")
    connection = session.connection()
    # Owners, agencies and meeting dates come from small lookups rather than joins: with
    # tens of thousands of actions due, a join per row costs more than the whole lookup.
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
        light = plain_rows(
            session, _wanted(as_of, (Action.id, Action.due_date, Action.owner_id, Action.owner_agency_id))
        )
        for action_id, due_text, owner_id, owner_agency_id in light:
            found = group_of.get((owner_id, owner_agency_id)) or group(owner_id, owner_agency_id)
            if found.total < limit:
                found.ids.append(action_id)
            found.total += 1
            overdue += iso(due_text) < today
        kept = [i for g in groups.values() for i in g.ids]
        rows = []
        for start in range(0, len(kept), _ID_CHUNK):
            chunk = kept[start : start + _ID_CHUNK]
            rows.extend(plain_rows(session, select(*_LINE_COLUMNS).where(Action.id.in_(chunk))))
    met_on = {row[0]: row[3] for row in conferences}
    line_of: dict[int, ActionLine] = {}
    for action_id, subject_id, raised_at_id, text, due_text, _, _ in rows:
        due = date.fromisoformat(iso(due_text))  # the WHERE clause excludes undated actions
        met = day(met_on.get(raised_at_id)) if raised_at_id is not None else None
        line_of[action_id] = ActionLine(
            action_id, subject_id, cases[subject_id][0], raised_at_id, met, text, due, due < as_of
        )
    result = [
        ActionGroup(owner, agency, owner_id, g.email, [line_of[i] for i in g.ids], g.total if limit else None)
        for (owner, agency, owner_id), g in groups.items()
    ]
    # Owners with the oldest overdue work first; "no owner" groups sort with the rest.
    result.sort(key=lambda g: (g.actions[0].due, g.owner.casefold(), g.agency.casefold()))
    total = sum(g.total for g in groups.values())
    return DeskActions(result, overdue, total - overdue)
