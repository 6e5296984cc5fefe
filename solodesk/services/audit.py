"""The audit trail: append-only events naming who did what, when."""

import getpass

from sqlalchemy.orm import Session

from solodesk.models import AuditEvent


def current_user() -> str:
    """Return the operating-system user name, the actor of events."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def record(session: Session, action: str, entity: str = "", entity_id: int | None = None, detail: str = "") -> None:
    """Add an audit event to the session.

    Args:
        session: the session of the change being audited (same transaction).
        action: what happened, e.g. ``"minute.issued"``.
        entity: the kind of record, e.g. ``"conference"``.
        entity_id: the record's id.
        detail: ids and counts only, never case text.
    """
    session.add(AuditEvent(actor=current_user(), action=action, entity=entity, entity_id=entity_id, detail=detail))
