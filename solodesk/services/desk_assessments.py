"""The desk's cases with no risk assessment, or whose newest is too old.

A case is listed when it is open and has no assessment dated within the last
:data:`ASSESSMENT_MAX_AGE_MONTHS` months with no release since. Which cases, how many,
and (for the desk screen) only the first few are all decided in SQL: the newest
assessment and release dates are read for the lines shown.
"""

from datetime import date
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from solodesk.models import CaseStatus, ReleaseNotification, RiskAssessment, Subject
from solodesk.services.closing_checks import ASSESSMENT_MAX_AGE_MONTHS, months_before
from solodesk.services.desk_facts import day, in_code_point_order, plain_rows
from solodesk.services.desk_lines import AssessmentLine


def _listed(as_of: date) -> tuple[Any, ...]:
    """Return the conditions for a case to be listed (an open case with no current assessment).

    An assessment is current when it is dated on or after the cut-off and no release fell after
    it (up to the desk's day); a case has one exactly when its newest assessment is current.
    """
    released_since = exists().where(
        ReleaseNotification.subject_id == Subject.id,
        ReleaseNotification.release_date <= as_of,
        ReleaseNotification.release_date > RiskAssessment.assessed_on,
    )
    current = exists().where(
        RiskAssessment.subject_id == Subject.id,
        RiskAssessment.assessed_on >= months_before(as_of, ASSESSMENT_MAX_AGE_MONTHS),
        ~released_since.correlate(Subject, RiskAssessment),
    )
    return Subject.case_status != CaseStatus.CLOSED, ~current.correlate(Subject)


def desk_assessments(session: Session, as_of: date, limit: int | None = None) -> tuple[list[AssessmentLine], int]:
    """Return the cases with no current risk assessment, in surname then forenames order, and how many there are.

    Args:
        session: an open session.
        as_of: the desk's day.
        limit: keep only this many lines (None keeps all); the number returned stays exact.
    """
    listed = _listed(as_of)
    order = (
        in_code_point_order(session, Subject.surname),
        in_code_point_order(session, Subject.forenames),
        Subject.id,
    )
    page = select(Subject.id, Subject.forenames, Subject.surname).where(*listed).order_by(*order)
    shown = page.limit(limit).subquery() if limit is not None else page.subquery()
    assessment, release = aliased(RiskAssessment), aliased(ReleaseNotification)
    newest = select(func.max(assessment.assessed_on)).where(assessment.subject_id == shown.c.id).scalar_subquery()
    released = (
        select(func.max(release.release_date))
        .where(release.subject_id == shown.c.id, release.release_date <= as_of)
        .scalar_subquery()
    )
    rows = plain_rows(
        session,
        select(shown.c.id, shown.c.forenames, shown.c.surname, newest, released).order_by(
            in_code_point_order(session, shown.c.surname), in_code_point_order(session, shown.c.forenames), shown.c.id
        ),
    )
    cutoff = months_before(as_of, ASSESSMENT_MAX_AGE_MONTHS)
    lines = []
    for subject_id, forenames, surname, newest_text, released_text in rows:
        latest_day, release_day = day(newest_text), day(released_text)
        if latest_day is None:
            reason = "No risk assessment recorded."
        elif latest_day < cutoff:
            reason = f"Newest risk assessment ({latest_day:%d %b %Y}) is over {ASSESSMENT_MAX_AGE_MONTHS} months old."
        else:
            reason = (
                f"Newest risk assessment ({latest_day:%d %b %Y}) is older than the release on {release_day:%d %b %Y}."
            )
        lines.append(AssessmentLine(subject_id, f"{forenames} {surname}", latest_day, reason))
    if limit is None or len(lines) < limit:
        return lines, len(lines)
    total = plain_rows(session, select(func.count()).select_from(Subject).where(*listed))[0][0]
    return lines, int(total)
