"""A store-wide "someone else changed something" stamp, cheap enough to poll every few seconds.

Every write the services make records an audit event in the same transaction,
naming the store's actor (a team store's login), so the newest event's id moves
whenever anyone saves, adds or removes anything, and the events after the last
look say whether someone other than this person did. Both are range reads on
the primary key: the cost does not grow with the trail.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, text

from solodesk.models import AuditEvent
from solodesk.store import CaseStore
from solodesk.store.team_store import TeamStore


@dataclass(frozen=True)
class ChangeStamp:
    """Where the store is, and whether another person wrote since the last look.

    Attributes:
        newest: the newest audit event's id (0 for a store never written).
        by_others: someone other than this store's actor wrote after ``after``.
    """

    newest: int
    by_others: bool


def change_stamp(store: CaseStore, after: int | None = None) -> ChangeStamp:
    """Return the store's stamp; with ``after`` (a previous ``newest``), say whether others wrote since."""
    if isinstance(store, TeamStore) and store.has_policies:
        # Row security lets most logins read only their own events: the server answers for all of them.
        with store.session() as session:
            newest, by_others = session.execute(
                text("SELECT newest, by_others FROM public.solodesk_change_stamp(:after)"), {"after": after or 0}
            ).one()
        return ChangeStamp(int(newest), after is not None and bool(by_others))
    with store.session() as session:
        newest = int(session.scalar(select(func.max(AuditEvent.id))) or 0)
        if after is None or newest <= after:
            return ChangeStamp(newest, False)
        others = session.scalar(
            select(AuditEvent.id).where(AuditEvent.id > after, AuditEvent.actor != store.actor).limit(1)
        )
        return ChangeStamp(newest, others is not None)
