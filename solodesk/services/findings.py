"""What the completeness check reports: a finding, its severity and where it leads the chair."""

import enum
from dataclasses import dataclass

from solodesk.models import AgendaItem


class Severity(enum.StrEnum):
    """How serious a finding is (a confirmation is a positive line: something checked and in order)."""

    BLOCK = "block"
    WARNING = "warning"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class Finding:
    """One thing missing, weak, or confirmed in a conference record.

    Attributes:
        severity: whether it blocks issuing the minute, only warns, or confirms.
        item: the agenda item the chair should go back to, if any.
        message: a sentence for the chair.
        row: the numbered row of that item it concerns (assessment 2, action 1 from the last plan), if any.
        topic: what the finding is about when it has no agenda item (shown instead of an item's title).
    """

    severity: Severity
    item: AgendaItem | None
    message: str
    row: int | None = None
    topic: str = ""

    @property
    def is_problem(self) -> bool:
        """Return True for a block or a warning (not for a confirmation)."""
        return self.severity != Severity.CONFIRMED
