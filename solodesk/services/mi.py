"""Management information for a period: counts from a handful of aggregate queries.

Every figure comes from one GROUP BY query, or from one query whose rows the loop
here only counts (timeliness needs each case's dates for a median); no query runs
per case. Nothing here reads a name: the figures are counts, and agencies are the
only names that reach the tables.
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from solodesk.models import (
    Action,
    ActionStatus,
    Agency,
    Attendance,
    CaseStatus,
    Conference,
    Contact,
    Invitation,
    ManagementLevel,
    MappaCategory,
    MinuteIssue,
    NotificationKind,
    ReleaseNotification,
    RiskLevel,
    Subject,
)
from solodesk.services.desk import CONVENED_STATUSES, HELD_STATUSES, OPEN_ACTION_STATUSES, review_weeks
from solodesk.services.desk_facts import day, plain_rows, utc_day
from solodesk.services.mi_figures import (
    NO_AGENCY,
    AgencyActions,
    AgencyAttendance,
    CaseFigures,
    ConferenceFigures,
    ManagementInformation,
    Period,
    PeriodError,
    ReviewFigures,
    Timeliness,
)
from solodesk.services.notifications import conference_due_by
from solodesk.services.settings import OrganisationSettings, load_settings
from solodesk.services.working_days import add_working_days, working_days_between
from solodesk.store import CaseStore

__all__ = ["ManagementInformation", "Period", "PeriodError", "management_information", "store_management_information"]


def _held(status: Any) -> Any:
    """Return "held or later" for a conference status column.

    Said as "not convened" (two values): in a correlated subquery SQLite rebuilds a longer
    IN list's lookup table for every outer row, which on a large store cost more than the query.
    """
    return status.not_in(CONVENED_STATUSES)


def _held_in(period: Period) -> Any:
    return and_(
        _held(Conference.status),
        Conference.meeting_date >= period.start,
        Conference.meeting_date <= period.end,
    )


def _cases(session: Session, period: Period) -> CaseFigures:
    conferenced = exists().where(Conference.subject_id == Subject.id, _held_in(period))
    rows = session.execute(
        select(Subject.mappa_category, Subject.management_level, Subject.case_status, func.count())
        .where(or_(Subject.case_status != CaseStatus.CLOSED, conferenced))
        .group_by(Subject.mappa_category, Subject.management_level, Subject.case_status)
    )
    by_level: Counter[tuple[MappaCategory, ManagementLevel | None]] = Counter()
    by_status: Counter[CaseStatus] = Counter()
    for category, level, status, count in rows:
        by_level[(category, level)] += count
        by_status[status] += count
    return CaseFigures(dict(by_level), dict(by_status))


def _conferences(session: Session, period: Period) -> ConferenceFigures:
    rows = session.execute(
        select(Conference.kind, func.count(), func.count(Conference.subject_id.distinct()))
        .where(_held_in(period))
        .group_by(Conference.kind)
    ).all()
    total_cases = session.execute(select(func.count(Conference.subject_id.distinct())).where(_held_in(period)))
    return ConferenceFigures(
        held={kind: held for kind, held, _ in rows},
        cases={kind: cases for kind, _, cases in rows},
        cases_total=total_cases.scalar_one(),
    )


def _judged(measure: str, target: str, clocks: Iterable[tuple[date, date | None, date]], as_of: date) -> Timeliness:
    """Return a measure from (started, stopped or None, latest day within target) triples."""
    days: list[int] = []
    within = outside = waiting = started = 0
    for began, stopped, deadline in clocks:
        started += 1
        if stopped is not None:
            days.append(working_days_between(began, stopped))
            if stopped <= deadline:
                within += 1
            else:
                outside += 1
        elif as_of > deadline:
            outside += 1
        else:
            waiting += 1
    median = float(statistics.median(days)) if days else None
    return Timeliness(measure, target, started, len(days), median, within, outside, waiting)


def _notification_clocks(
    session: Session, period: Period, settings: OrganisationSettings, as_of: date
) -> list[Timeliness]:
    linked = aliased(Conference)
    later = aliased(Conference)
    first_held = (
        select(func.min(later.meeting_date))
        .where(
            later.subject_id == ReleaseNotification.subject_id,
            _held(later.status),
            later.meeting_date >= ReleaseNotification.received_on,
        )
        .correlate(ReleaseNotification)
        .scalar_subquery()
    )
    # The conference convened on the notification, once held; else the case's first held after it arrived.
    held_on = func.coalesce(case((linked.status.in_(HELD_STATUSES), linked.meeting_date)), first_held)
    rows = session.execute(
        select(ReleaseNotification.kind, ReleaseNotification.received_on, ReleaseNotification.release_date, held_on)
        .outerjoin(linked, linked.id == ReleaseNotification.conference_id)
        .where(ReleaseNotification.received_on >= period.start, ReleaseNotification.received_on <= period.end)
    ).all()
    referral_days = settings.referral_working_days
    referrals = [
        (received, held, add_working_days(received, referral_days))
        for kind, received, release, held in rows
        if kind == NotificationKind.REFERRAL or release is None
    ]
    releases = [
        (received, held, conference_due_by(release, settings.weeks_before_release))
        for kind, received, release, held in rows
        if kind != NotificationKind.REFERRAL and release is not None
    ]
    return [
        _judged("Referral received → conference held", f"{referral_days} working days", referrals, as_of),
        _judged(
            "Release notification received → conference held",
            f"{settings.weeks_before_release} weeks before release",
            releases,
            as_of,
        ),
    ]


def _minute_clock(session: Session, period: Period, settings: OrganisationSettings, as_of: date) -> Timeliness:
    # Each meeting with its issues, joined on the conference_id index and not grouped: on an
    # encrypted store every row SQLite groups, sorts or aggregates costs a locked allocation,
    # which cost more than the rest of the report. A meeting's issues come together; the
    # earliest is its first issue.
    rows = plain_rows(
        session,
        select(Conference.id, Conference.meeting_date, MinuteIssue.issued_at)
        .outerjoin(MinuteIssue, MinuteIssue.conference_id == Conference.id)
        .where(_held_in(period)),
    )
    first: dict[int, tuple[Any, Any]] = {}
    for conference_id, met_text, issued_text in rows:
        found = first.get(conference_id)
        if found is None or (issued_text is not None and (found[1] is None or issued_text < found[1])):
            first[conference_id] = (met_text, issued_text)
    target = settings.minute_working_days
    clocks = []
    for met_text, issued_text in first.values():
        met = day(met_text)
        if met is None:  # pragma: no cover - a held meeting always has its date (the period filter)
            continue
        issued = utc_day(issued_text)
        clocks.append((met, issued, add_working_days(met, target)))
    return _judged("Meeting → minute issued", f"{target} working days", clocks, as_of)


def _attendance(session: Session, period: Period) -> list[AgencyAttendance]:
    # Grouped by agency id (names are unique), named afterwards: cheaper than grouping by text.
    rows = plain_rows(
        session,
        select(
            Contact.agency_id,
            Invitation.attendance,
            func.count(),
            func.sum(case((Invitation.report_submitted, 1), else_=0)),
        )
        .join(Conference, Conference.id == Invitation.conference_id)
        .join(Contact, Contact.id == Invitation.contact_id)
        .where(_held_in(period))
        .group_by(Contact.agency_id, Invitation.attendance),
    )
    names = _agency_names(session)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for agency_id, attendance, invited, reports in rows:
        found = counts[names.get(agency_id, NO_AGENCY)]
        found["invited"] += invited
        found["reports_sent"] += reports or 0
        found[_ATTENDANCE_FIELD.get(attendance, "not_recorded")] += invited
    return [
        AgencyAttendance(agency, **{name: found[name] for name in _ATTENDANCE_FIGURES})
        for agency, found in sorted(counts.items(), key=_agency_order)
    ]


_ATTENDANCE_FIELD = {Attendance.PRESENT: "present", Attendance.APOLOGIES: "apologies", Attendance.ABSENT: "absent"}
_ATTENDANCE_FIGURES = ("invited", "present", "apologies", "absent", "not_recorded", "reports_sent")


def _agency_names(session: Session) -> dict[int | None, str]:
    return {agency_id: name for agency_id, name in session.execute(select(Agency.id, Agency.name))}


def _agency_order(item: tuple[str, object]) -> tuple[bool, str]:
    """Sort agencies by name, the "no agency" line last."""
    return item[0] == NO_AGENCY, item[0].casefold()


def _actions(session: Session, period: Period, as_of: date) -> list[AgencyActions]:
    raised = aliased(Conference)
    owner = aliased(Contact)
    raised_on = func.coalesce(raised.meeting_date, func.date(Action.created_at, type_=Date))
    overdue_before = min(period.end + timedelta(days=1), as_of)
    overdue = and_(Action.status.in_(OPEN_ACTION_STATUSES), Action.due_date < overdue_before)
    agency = func.coalesce(Action.owner_agency_id, owner.agency_id)
    rows = plain_rows(
        session,
        select(agency, Action.status, case((overdue, 1), else_=0), func.count())
        .outerjoin(raised, raised.id == Action.raised_at_id)
        .outerjoin(owner, owner.id == Action.owner_id)
        .where(raised_on >= period.start, raised_on <= period.end)
        .group_by(agency, Action.status, case((overdue, 1), else_=0)),
    )
    names = _agency_names(session)
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for agency_id, status, is_overdue, count in rows:
        found = counts[names.get(agency_id, NO_AGENCY)]
        found["raised"] += count
        found[_ACTION_FIELD.get(status, "still_open")] += count
        found["overdue"] += count if is_overdue else 0
    return [
        AgencyActions(name, **{key: found[key] for key in _ACTION_FIGURES})
        for name, found in sorted(counts.items(), key=_agency_order)
    ]


_ACTION_FIELD = {
    ActionStatus.COMPLETED: "completed",
    ActionStatus.NOT_DONE: "not_done",
    ActionStatus.WITHDRAWN: "withdrawn",
}
_ACTION_FIGURES = ("raised", "completed", "not_done", "withdrawn", "still_open", "overdue")


def _reviews(session: Session, period: Period, settings: OrganisationSettings, as_of: date) -> ReviewFigures:
    later = aliased(Conference)
    # Each held meeting that could set a review due by the end of the period, with every later
    # held meeting of its case (in meeting date, then id, order) joined on the subject_id index;
    # the earliest of those is the next one held. Joined rather than grouped, sorted or given
    # by LEAD(): on an encrypted store each row SQLite sorts or buffers costs a locked allocation.
    rows = plain_rows(
        session,
        select(
            Conference.id,
            Conference.meeting_date,
            Conference.next_date,
            Conference.risk_level,
            later.meeting_date,
        )
        .join(Subject, Subject.id == Conference.subject_id)
        .outerjoin(
            later,
            and_(
                later.subject_id == Conference.subject_id,
                _held(later.status),
                or_(
                    later.meeting_date > Conference.meeting_date,
                    and_(later.meeting_date == Conference.meeting_date, later.id > Conference.id),
                ),
            ),
        )
        .where(
            Conference.status.in_(HELD_STATUSES),
            Conference.meeting_date.is_not(None),
            Conference.meeting_date <= period.end,
            Conference.not_reconvening_reason == "",
            Subject.case_status != CaseStatus.CLOSED,
        ),
    )
    meetings: dict[int, tuple[Any, Any, Any, Any]] = {}
    for conference_id, met_text, agreed_text, level_text, later_text in rows:
        seen = meetings.get(conference_id)
        if seen is None or (later_text is not None and (seen[3] is None or later_text < seen[3])):
            meetings[conference_id] = (met_text, agreed_text, level_text, later_text)
    interval = {level: timedelta(weeks=review_weeks(settings, level)) for level in (*RiskLevel, None)}
    overdue_on = min(period.end, as_of)
    found: Counter[str] = Counter()
    for met_text, agreed_text, level_text, next_text in meetings.values():
        met, agreed, next_met = day(met_text), day(agreed_text), day(next_text)
        level = RiskLevel(level_text) if level_text else None
        assert met is not None  # the query reads dated meetings only
        due = agreed if agreed is not None else met + interval[level]
        if period.start <= due <= period.end:
            found["fell_due"] += 1
            if next_met is not None and next_met <= due:
                found["held_by_due_date"] += 1
            elif next_met is not None and next_met <= as_of:
                found["held_late"] += 1
            elif due < as_of:
                found["not_held_overdue"] += 1
            else:
                found["not_yet_due"] += 1
        # The latest meeting held by that day, with its review date passed and nothing held since.
        latest_then = met <= overdue_on and (next_met is None or next_met > overdue_on)
        if latest_then and due < overdue_on:
            found["overdue_at_end"] += 1
    return ReviewFigures(overdue_on=overdue_on, **found)


def management_information(
    session: Session, period: Period, as_of: date, settings: OrganisationSettings | None = None
) -> ManagementInformation:
    """Return the management information for a period.

    Args:
        session: an open session.
        period: the days counted, both ends included.
        as_of: the day of the report; a clock still running is "waiting" or "outside target",
            and an action or review "overdue", as judged on it.
        settings: the organisation settings (targets); read from the store when None.
    """
    settings = settings or load_settings(session)
    return ManagementInformation(
        period=period,
        as_of=as_of,
        cases=_cases(session, period),
        conferences=_conferences(session, period),
        timeliness=[
            *_notification_clocks(session, period, settings, as_of),
            _minute_clock(session, period, settings, as_of),
        ],
        attendance=_attendance(session, period),
        actions=_actions(session, period, as_of),
        reviews=_reviews(session, period, settings, as_of),
    )


def store_management_information(store: CaseStore, period: Period, as_of: date) -> ManagementInformation:
    """Return :func:`management_information` through an open store."""
    with store.session() as session:
        return management_information(session, period, as_of)
