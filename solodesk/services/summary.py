"""Counts that summarise a store, for ``solodesk check`` and the status bar."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from solodesk.models import Action, ActionStatus, Conference, Contact, Subject
from solodesk.store import CaseStore


@dataclass(frozen=True)
class StoreSummary:
    """How much a store holds."""

    subjects: int
    conferences: int
    actions: int
    open_actions: int
    contacts: int

    def line(self) -> str:
        """Return the summary as one readable line."""
        return (
            f"subjects={self.subjects} conferences={self.conferences} actions={self.actions} "
            f"open_actions={self.open_actions} contacts={self.contacts}"
        )


def summarise(session: Session) -> StoreSummary:
    """Count the main records of a store."""

    def count(model: type, *where: object) -> int:
        return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]

    return StoreSummary(
        subjects=count(Subject),
        conferences=count(Conference),
        actions=count(Action),
        open_actions=count(Action, Action.status.in_([ActionStatus.OPEN, ActionStatus.ONGOING])),
        contacts=count(Contact),
    )


def summarise_store(store: CaseStore) -> StoreSummary:
    """Count the main records of an open store (for views that hold no session)."""
    with store.session() as session:
        return summarise(session)
