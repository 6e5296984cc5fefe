"""Refusing a save that would silently overwrite another person's ("Changed by NAME at TIME — reload.").

Each edit of a text field carries the value the editor started from (its
*base*). When the store holds neither the base nor the new value, someone else
saved the field in between, and the save is refused with a sentence naming them
(the row's ``changed_by`` and ``changed_at``, see :mod:`solodesk.models.versioned`).
Another field of the same row changed meanwhile is no conflict: the base is
per field.
"""

from datetime import UTC, datetime

from solodesk.models import Versioned


class EditConflictError(ValueError):
    """Someone else saved the field (or row) since the editor loaded it; nothing was written.

    Attributes:
        changed_by: who saved it last ("" when unknown).
        changed_at: when (UTC), or None when unknown.
        current: the value the store holds now (None for a whole row).
    """

    def __init__(self, changed_by: str, changed_at: datetime | None, current: object = None) -> None:
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current = current
        super().__init__(conflict_sentence(changed_by, changed_at))

    @classmethod
    def of(cls, row: object, current: object = None) -> "EditConflictError":
        """Return the refusal naming the last saver of a versioned row."""
        if not isinstance(row, Versioned):
            return cls("", None, current)
        return cls(row.changed_by, row.changed_at, current)


def conflict_sentence(changed_by: str, changed_at: datetime | None, now: datetime | None = None) -> str:
    """Return "Changed by NAME at HH:MM — reload." (local time; the date too when it was not today)."""
    who = changed_by or "someone else"
    if changed_at is None:
        return f"Changed by {who} — reload."
    # SQLite hands back the stored UTC time without its zone.
    when = (changed_at if changed_at.tzinfo else changed_at.replace(tzinfo=UTC)).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    day = "" if when.date() == today else f" on {when.day} {when:%B %Y}"
    return f"Changed by {who} at {when:%H:%M}{day} — reload."


def check_base(row: object, column: str, base: object, new: object) -> None:
    """Refuse to write ``new`` over a field someone else changed from ``base`` (None: no check).

    Raises:
        EditConflictError: the field holds neither the base nor the new value.
    """
    if base is None:
        return
    stored = getattr(row, column)
    if stored != base and stored != new:
        raise EditConflictError.of(row, stored)


def check_version(row: object, seen: int | None) -> None:
    """Refuse to act on a row saved again since the editor saw it at version ``seen`` (None: no check).

    Raises:
        EditConflictError: the row's version moved on.
    """
    if seen is not None and isinstance(row, Versioned) and row.version != seen:
        raise EditConflictError.of(row)
