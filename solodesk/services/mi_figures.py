"""Management information: the figures for a period, as plain data (counts only, never a name).

:mod:`solodesk.services.mi` computes them from the store; :mod:`solodesk.services.mi_tables`
turns them into the tables written as CSV and printed in the PDF report.
"""

from dataclasses import dataclass, field
from datetime import date

from solodesk.models import CaseStatus, ConferenceType, ManagementLevel, MappaCategory

# A period longer than this is almost certainly a typo in a year (2206 for 2026).
MAX_PERIOD_YEARS = 25
NO_AGENCY = "No agency recorded"


class PeriodError(ValueError):
    """The dates do not make a period; the message is one sentence for the user."""


@dataclass(frozen=True)
class Period:
    """The days the figures are for, both ends included."""

    start: date
    end: date

    @classmethod
    def checked(cls, start: date, end: date) -> "Period":
        """Return the period from ``start`` to ``end``.

        Raises:
            PeriodError: the start is after the end, or the period is implausibly long.
        """
        if start > end:
            raise PeriodError(f"The period starts ({start:%d %b %Y}) after it ends ({end:%d %b %Y}).")
        if (end - start).days > MAX_PERIOD_YEARS * 366:
            raise PeriodError(f"The period is longer than {MAX_PERIOD_YEARS} years; check the dates.")
        return cls(start, end)

    def label(self) -> str:
        """Return the period as people write it ("1 Jan 2026 to 31 Dec 2026")."""
        return f"{self.start.day} {self.start:%b %Y} to {self.end.day} {self.end:%b %Y}"

    def slug(self) -> str:
        """Return the period for a file name ("2026-01-01_to_2026-12-31")."""
        return f"{self.start.isoformat()}_to_{self.end.isoformat()}"


@dataclass(frozen=True)
class CaseFigures:
    """The cases counted in the period, by MAPPA category and management level and by status.

    A case counts when it is open (in custody or active), or closed but had a conference
    held in the period. Category, level and status are as recorded on the day of the report:
    the store keeps no history of them.
    """

    by_category_and_level: dict[tuple[MappaCategory, ManagementLevel | None], int] = field(default_factory=dict)
    by_status: dict[CaseStatus, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Return the number of cases counted."""
        return sum(self.by_status.values())

    def count(self, category: MappaCategory, level: ManagementLevel | None) -> int:
        """Return the cases of one category at one level (None: no level recorded)."""
        return self.by_category_and_level.get((category, level), 0)


@dataclass(frozen=True)
class ConferenceFigures:
    """Conferences held in the period (met on a day in it, and recorded as held or later).

    Attributes:
        held: conferences held, by type.
        cases: distinct cases with a conference of that type held.
    """

    held: dict[ConferenceType, int] = field(default_factory=dict)
    cases: dict[ConferenceType, int] = field(default_factory=dict)
    cases_total: int = 0


@dataclass(frozen=True)
class Timeliness:
    """One timeliness measure: a clock started in the period, and when (if) it stopped.

    Attributes:
        measure: what is measured ("Meeting → minute issued").
        target: the target as words ("10 working days").
        started: clocks started in the period (notifications received, meetings held).
        completed: of those, how many stopped (conference held, minute issued).
        median_working_days: the median working days of the completed ones (None when none).
        within_target: completed within the target.
        outside_target: completed late, or not completed and already past the target.
        waiting: not completed and still within the target on the day of the report.
    """

    measure: str
    target: str
    started: int
    completed: int
    median_working_days: float | None
    within_target: int
    outside_target: int
    waiting: int

    @property
    def share_within_target(self) -> float | None:
        """Return the percentage within target of those decided (within + outside); None when none are."""
        decided = self.within_target + self.outside_target
        return None if decided == 0 else 100.0 * self.within_target / decided


@dataclass(frozen=True)
class AgencyAttendance:
    """Invitations of one agency's people to the conferences held in the period."""

    agency: str
    invited: int = 0
    present: int = 0
    apologies: int = 0
    absent: int = 0
    not_recorded: int = 0
    reports_sent: int = 0

    @property
    def share_present(self) -> float | None:
        """Return the percentage of invitations attended; None when nobody was invited."""
        return None if self.invited == 0 else 100.0 * self.present / self.invited


@dataclass(frozen=True)
class AgencyActions:
    """Actions raised in the period and owned by one agency, by where they stand now.

    Attributes:
        overdue: still open, and due before the end of the period (or before the day of
            the report, when that comes first).
    """

    agency: str
    raised: int = 0
    completed: int = 0
    not_done: int = 0
    withdrawn: int = 0
    still_open: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class ReviewFigures:
    """Reviews that fell due in the period, and cases with a review overdue at its end.

    A review falls due on the next date agreed at a held conference or, when none was
    agreed, after the review interval for the risk level set there (settings). Cases that
    are closed, or where the group decided not to reconvene, are not counted.

    Attributes:
        overdue_on: the day ``overdue_at_end`` is counted on: the end of the period, or
            the day of the report when that comes first.
    """

    fell_due: int = 0
    held_by_due_date: int = 0
    held_late: int = 0
    not_held_overdue: int = 0
    not_yet_due: int = 0
    overdue_at_end: int = 0
    overdue_on: date | None = None


@dataclass(frozen=True)
class ManagementInformation:
    """Every figure of the management-information report for one period.

    Attributes:
        as_of: the day the figures were taken (waiting and overdue are judged on it).
    """

    period: Period
    as_of: date
    cases: CaseFigures
    conferences: ConferenceFigures
    timeliness: list[Timeliness]
    attendance: list[AgencyAttendance]
    actions: list[AgencyActions]
    reviews: ReviewFigures
