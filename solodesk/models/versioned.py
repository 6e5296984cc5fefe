"""Who changed a row last, and when: the optimistic version of the rows chair mode edits.

Every write through a store's session stamps these columns (a ``before_flush``
hook), whichever screen made it, so "changed by NAME at TIME" is true of the
row's last save. The store names the person in ``session.info["actor"]``.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import String, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from solodesk.models.base import utcnow

ACTOR_KEY = "actor"


class Versioned:
    """Mixin adding the row's version (1 when made, one more on every save), its last saver and time.

    Attributes:
        version: incremented on every flush that changes a column of the row.
        changed_by: who saved the row last (the store's actor: the login, or the computer's user).
        changed_at: when (UTC); None on rows written before revision 0014.
    """

    version: Mapped[int] = mapped_column(default=1, server_default=text("1"))
    changed_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    changed_at: Mapped[datetime | None] = mapped_column(default=None)


@event.listens_for(Session, "before_flush")
def _stamp(session: Session, _context: Any, _instances: Any) -> None:
    actor = str(session.info.get(ACTOR_KEY, ""))[:100]
    now = utcnow()
    for row in session.new:
        if isinstance(row, Versioned):
            row.changed_by, row.changed_at = actor, now
    for row in session.dirty:
        # Only a changed column counts (a touched relationship list alone is no save of this row).
        if isinstance(row, Versioned) and session.is_modified(row, include_collections=False):
            row.version = (row.version or 0) + 1
            row.changed_by, row.changed_at = actor, now
