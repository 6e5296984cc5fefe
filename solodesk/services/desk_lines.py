"""The desk's lines and counts: plain data shared by the desk screen, the CLI and the letters."""

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from solodesk.models import RiskLevel


@dataclass(frozen=True)
class ReviewLine:
    """A case whose review conference is due or overdue.

    Attributes:
        conference_id: the latest held conference, which set (or implies) the review date.
        agreed: True when the date was agreed at that meeting; False when it follows the
            review interval for the case's risk level.
    """

    subject_id: int
    subject_name: str
    conference_id: int
    last_meeting: date | None
    due: date
    agreed: bool
    risk_level: RiskLevel | None
    overdue: bool


@dataclass(frozen=True)
class ReleaseLine:
    """A notified release coming up, with the date the conference should be held by.

    Attributes:
        conference_id: the conference convened for it, or None when none is.
        late: the hold-by date has passed with no conference convened.
    """

    notification_id: int
    subject_id: int
    subject_name: str
    kind: str
    received_on: date
    release_date: date
    hold_by: date
    conference_id: int | None
    conference_date: date | None
    late: bool


@dataclass(frozen=True)
class ActionLine:
    """An open action overdue or due soon."""

    action_id: int
    subject_id: int
    subject_name: str
    conference_id: int | None
    conference_date: date | None
    description: str
    due: date
    overdue: bool


@dataclass(frozen=True)
class ActionGroup:
    """The open actions of one owner in one agency.

    Attributes:
        actions: the actions, oldest first (on a limited desk, only the first few).
        total: how many actions the owner has on the desk in all; None when ``actions`` holds them all.
    """

    owner: str
    agency: str
    owner_id: int | None
    email: str
    actions: list[ActionLine]
    total: int | None = None

    @property
    def count(self) -> int:
        """Return how many actions the owner has on the desk (those not listed included)."""
        return len(self.actions) if self.total is None else self.total


@dataclass(frozen=True)
class MinuteLine:
    """A held conference whose minute is not issued within the target."""

    conference_id: int
    subject_id: int
    subject_name: str
    meeting_date: date
    due: date
    working_days: int


@dataclass(frozen=True)
class AmendmentLine:
    """An amendment request waiting for the chair's decision."""

    request_id: int
    conference_id: int
    subject_id: int
    subject_name: str
    requested_by: str
    requested_on: date | None


@dataclass(frozen=True)
class AssessmentLine:
    """A case with no risk assessment, or whose newest is too old.

    Attributes:
        newest: the date of the newest assessment, or None when there is none.
        reason: a sentence saying what is wrong.
    """

    subject_id: int
    subject_name: str
    newest: date | None
    reason: str


@dataclass(frozen=True)
class DeskCounts:
    """The numbers at the top of the desk."""

    reviews_overdue: int
    reviews_due: int
    releases: int
    releases_not_convened: int
    actions_overdue: int
    actions_due_soon: int
    minutes_late: int
    amendments_waiting: int
    assessments_missing_or_old: int


@dataclass(frozen=True)
class Desk:
    """Everything the desk shows, as of one day.

    Attributes:
        limit: None when every list is complete; otherwise each list (and each owner's
            actions) holds at most this many lines, the first in the list's order.
        totals: the exact counts of a limited desk (None: counted from the lines).
    """

    as_of: date
    reviews: list[ReviewLine] = field(default_factory=list)
    releases: list[ReleaseLine] = field(default_factory=list)
    action_groups: list[ActionGroup] = field(default_factory=list)
    minutes: list[MinuteLine] = field(default_factory=list)
    amendments: list[AmendmentLine] = field(default_factory=list)
    assessments: list[AssessmentLine] = field(default_factory=list)
    limit: int | None = None
    totals: DeskCounts | None = None

    @property
    def counts(self) -> DeskCounts:
        """Return the counts shown at the top (exact, also on a limited desk)."""
        if self.totals is not None:
            return self.totals
        actions = [a for g in self.action_groups for a in g.actions]
        return DeskCounts(
            reviews_overdue=sum(r.overdue for r in self.reviews),
            reviews_due=sum(not r.overdue for r in self.reviews),
            releases=len(self.releases),
            releases_not_convened=sum(r.conference_id is None for r in self.releases),
            actions_overdue=sum(a.overdue for a in actions),
            actions_due_soon=sum(not a.overdue for a in actions),
            minutes_late=len(self.minutes),
            amendments_waiting=len(self.amendments),
            assessments_missing_or_old=len(self.assessments),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the desk as JSON-ready data (dates as ISO strings)."""
        data = asdict(self)
        # What a limited desk left out is the screen's business; the JSON keeps its shape.
        del data["limit"], data["totals"]
        for group in data["action_groups"]:
            del group["total"]
        data["as_of"] = self.as_of.isoformat()
        data["counts"] = asdict(self.counts)
        converted: dict[str, Any] = _iso_dates(data)
        return converted


def _iso_dates(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    return value
