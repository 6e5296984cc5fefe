"""Chasing: each owner's overdue and due-soon actions, as plain data for the reminder letters.

The lists come from the desk's (the same actions the desk shows under "Actions
overdue or due within 14 days"), merged per owner in the directory. Actions with
no owner named cannot be chased and are only counted. Two aggregate queries add
what the desk does not carry: each action's status, the kind of the conference
it was agreed at, and that conference's chair (who signs the letter).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from solodesk.models import Action, Agency, Conference, Contact
from solodesk.services.desk import DUE_SOON_DAYS, OPEN_ACTION_STATUSES, action_groups
from solodesk.services.desk_lines import ActionLine
from solodesk.services.settings import OrganisationSettings, load_settings
from solodesk.store import CaseStore
from solodesk.text_search import fold

# Ids per IN (...) list: far below SQLite's limit on bound parameters.
_ID_CHUNK = 500


@dataclass(frozen=True)
class Chair:
    """The chair who signs a reminder: name, agency and how to reply."""

    name: str
    agency: str
    phone: str
    email: str


@dataclass(frozen=True)
class ChasedAction:
    """One open action to chase, with the conference it was agreed at.

    Attributes:
        conference_kind: "Initial", "Review" or "Emergency"; empty when not raised at a conference.
        conference_date: the day of that conference, when it has one.
        status: the action's status as people read it ("Open", "Ongoing").
        chair_id: the directory id of that conference's chair, when recorded.
    """

    action_id: int
    subject_id: int
    subject_name: str
    conference_id: int | None
    conference_kind: str
    conference_date: date | None
    description: str
    due: date
    overdue: bool
    status: str
    chair_id: int | None = None


@dataclass(frozen=True)
class OwnerChase:
    """One owner's actions to chase (oldest due first).

    Attributes:
        email: the directory's address for them; empty when none is recorded.
    """

    owner_id: int
    owner: str
    agency: str
    email: str
    actions: list[ChasedAction]

    @property
    def overdue(self) -> int:
        """Return how many of the actions are overdue."""
        return sum(a.overdue for a in self.actions)


@dataclass(frozen=True)
class ChaseList:
    """Everything the reminder letters need, as of one day.

    Attributes:
        due_by: the last due date included (as of + 14 days).
        unowned_actions: open actions overdue or due soon with no owner named (not chased).
        chairs: directory id -> chair, for the conferences the actions came from.
    """

    as_of: date
    due_by: date
    settings: OrganisationSettings
    owners: list[OwnerChase] = field(default_factory=list)
    unowned_actions: int = 0
    chairs: dict[int, Chair] = field(default_factory=dict)

    @property
    def action_count(self) -> int:
        """Return how many actions the letters list."""
        return sum(len(o.actions) for o in self.owners)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _ID_CHUNK):
        yield ids[start : start + _ID_CHUNK]


def _action_details(session: Session, as_of: date) -> dict[int, tuple[str, str, int | None]]:
    """Return action id -> (status label, conference kind label, chair id) for every open action due by then.

    One query with the desk's own bounds (a few closed cases' actions come along unused),
    rather than a list of ids: no limit on bound parameters, one pass over the index.
    """
    raised = aliased(Conference)
    rows = session.connection().execute(
        select(Action.id, Action.status, raised.kind, raised.chair_id)
        .outerjoin(raised, raised.id == Action.raised_at_id)
        .where(
            Action.status.in_(OPEN_ACTION_STATUSES),
            Action.due_date <= as_of + timedelta(days=DUE_SOON_DAYS),
            Action.owner_id.is_not(None),
        )
    )
    return {
        action_id: (status.label, kind.label if kind is not None else "", chair_id)
        for action_id, status, kind, chair_id in rows
    }


def _chairs(session: Session, chair_ids: set[int]) -> dict[int, Chair]:
    chairs = {}
    for chunk in _chunks(sorted(chair_ids)):
        rows = session.connection().execute(
            select(Contact.id, Contact.name, Agency.name, Contact.phone, Contact.email)
            .outerjoin(Agency, Agency.id == Contact.agency_id)
            .where(Contact.id.in_(chunk))
        )
        for contact_id, name, agency, phone, email in rows:
            chairs[contact_id] = Chair(name, agency or "", phone or "", email or "")
    return chairs


def _chased(line: ActionLine, details: dict[int, tuple[str, str, int | None]]) -> ChasedAction:
    status, kind, chair_id = details.get(line.action_id, ("Open", "", None))
    return ChasedAction(
        action_id=line.action_id,
        subject_id=line.subject_id,
        subject_name=line.subject_name,
        conference_id=line.conference_id,
        conference_kind=kind,
        conference_date=line.conference_date,
        description=line.description,
        due=line.due,
        overdue=line.overdue,
        status=status,
        chair_id=chair_id,
    )


def chase_list(session: Session, as_of: date, settings: OrganisationSettings | None = None) -> ChaseList:
    """Return each owner's open actions overdue or due within 14 days of ``as_of``.

    An owner whose actions the desk shows under two agencies (an action given to them
    for another agency) gets one letter naming both agencies.
    """
    settings = (settings or load_settings(session)).validated()
    groups = action_groups(session, as_of)
    details = _action_details(session, as_of)
    owners: dict[int, tuple[str, list[str], str, list[ChasedAction]]] = {}
    unowned = 0
    for group in groups:
        if group.owner_id is None:
            unowned += len(group.actions)
            continue
        name, agencies, email, actions = owners.setdefault(group.owner_id, (group.owner, [], group.email, []))
        if group.agency and group.agency not in agencies:
            agencies.append(group.agency)
        actions.extend(_chased(a, details) for a in group.actions)
    chased = [
        OwnerChase(
            owner_id, name, ", ".join(agencies), email.strip(), sorted(actions, key=lambda a: (a.due, a.action_id))
        )
        for owner_id, (name, agencies, email, actions) in owners.items()
    ]
    chased.sort(key=lambda o: (fold(o.owner), o.owner_id))  # Łukasz sorts with L, not after Z
    chair_ids = {a.chair_id for o in chased for a in o.actions if a.chair_id is not None}
    return ChaseList(
        as_of=as_of,
        due_by=as_of + timedelta(days=DUE_SOON_DAYS),
        settings=settings,
        owners=chased,
        unowned_actions=unowned,
        chairs=_chairs(session, chair_ids),
    )


def store_chase_list(store: CaseStore, as_of: date) -> ChaseList:
    """Return :func:`chase_list` through an open store."""
    with store.session() as session:
        return chase_list(session, as_of)
