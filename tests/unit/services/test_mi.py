"""Management-information figures against hand counts (tests/helpers/mi_store.py works them out)."""

from dataclasses import replace
from datetime import date

import pytest

from solodesk.models import CaseStatus, ConferenceType, ManagementLevel, MappaCategory
from solodesk.services.mi import Period, PeriodError, management_information
from solodesk.services.mi_tables import mi_tables
from solodesk.services.settings import OrganisationSettings, load_settings, save_settings
from tests.helpers.mi_store import AS_OF, END, HOUSING, POLICE, START, build

pytestmark = pytest.mark.both_stores


@pytest.fixture
def figures(store):
    with store.session() as session:
        build(session)
    with store.session() as session:
        return management_information(session, Period.checked(START, END), AS_OF)


def test_cases_by_category_level_and_status(figures) -> None:
    """Open cases, and the closed case with an October conference; not the closed case without one."""
    cases = figures.cases
    assert cases.count(MappaCategory.CATEGORY_1, ManagementLevel.LEVEL_2) == 2
    assert cases.count(MappaCategory.CATEGORY_1, ManagementLevel.LEVEL_3) == 1
    assert cases.count(MappaCategory.CATEGORY_2, ManagementLevel.LEVEL_1) == 1
    assert cases.count(MappaCategory.CATEGORY_2, ManagementLevel.LEVEL_2) == 1
    assert cases.count(MappaCategory.CATEGORY_3, ManagementLevel.LEVEL_1) == 1
    assert cases.count(MappaCategory.CATEGORY_3, None) == 0  # Darius: closed, nothing held in October
    assert cases.by_status == {CaseStatus.ACTIVE: 4, CaseStatus.IN_CUSTODY: 1, CaseStatus.CLOSED: 1}
    assert cases.total == 6


def test_conferences_held_by_type(figures) -> None:
    """Held (or later) and met in October, the Saturday one included; planned and November ones not."""
    held = figures.conferences
    assert held.held == {ConferenceType.INITIAL: 3, ConferenceType.REVIEW: 1, ConferenceType.EMERGENCY: 1}
    assert held.cases_total == 5


def test_timeliness_medians_and_shares(figures) -> None:
    """Working days skip weekends; a meeting with no minute is outside once past target, else waiting."""
    referral, release, minute = figures.timeliness
    assert (referral.started, referral.completed, referral.median_working_days) == (3, 1, 15.0)
    assert (referral.within_target, referral.outside_target, referral.waiting) == (1, 1, 1)
    assert referral.share_within_target == 50.0
    assert (release.started, release.completed, release.median_working_days) == (2, 2, 16.5)
    assert (release.within_target, release.outside_target, release.waiting) == (1, 1, 0)
    assert (minute.started, minute.completed, minute.median_working_days) == (5, 3, 8.0)
    assert (minute.within_target, minute.outside_target, minute.waiting) == (3, 1, 1)
    assert minute.share_within_target == 75.0


def test_minute_target_follows_the_settings(store) -> None:
    """With a 5-day target every minute is late (the Saturday meeting's was due Friday 6 November)."""
    with store.session() as session:
        build(session)
        save_settings(session, replace(load_settings(session), minute_working_days=5, referral_working_days=14))
    with store.session() as session:
        figures = management_information(session, Period.checked(START, END), AS_OF)
    referral, _, minute = figures.timeliness
    assert (minute.within_target, minute.outside_target, minute.waiting) == (0, 5, 0)
    assert (referral.within_target, referral.outside_target, referral.waiting) == (0, 2, 1)
    assert referral.target == "14 working days"


def test_attendance_and_reports_by_agency(figures) -> None:
    """Invitations to October's held conferences only, by the contact's agency; no agency listed last."""
    rows = {a.agency: a for a in figures.attendance}
    assert [a.agency for a in figures.attendance] == [HOUSING, POLICE, "No agency recorded"]
    police, housing, none = rows[POLICE], rows[HOUSING], rows["No agency recorded"]
    assert (police.invited, police.present, police.apologies, police.reports_sent) == (3, 2, 1, 2)
    assert (housing.invited, housing.present, housing.apologies, housing.absent, housing.reports_sent) == (
        2,
        0,
        1,
        1,
        1,
    )
    assert (none.invited, none.not_recorded) == (1, 1)
    assert police.share_present == pytest.approx(66.667, abs=0.01)


def test_actions_raised_completed_overdue(figures) -> None:
    """Raised at October's conferences (or recorded in October); overdue = open and due before 1 November."""
    rows = {a.agency: a for a in figures.actions}
    police, housing, none = rows[POLICE], rows[HOUSING], rows["No agency recorded"]
    assert (police.raised, police.completed, police.withdrawn, police.still_open, police.overdue) == (3, 1, 1, 1, 1)
    assert (housing.raised, housing.still_open, housing.overdue) == (2, 2, 1)
    assert (none.raised, none.not_done, none.overdue) == (1, 1, 0)


def test_reviews_due_and_overdue(figures) -> None:
    """Anna's review held on its day, Siobhán's two days late, Seán's never; two overdue on 31 October."""
    reviews = figures.reviews
    assert (reviews.fell_due, reviews.held_by_due_date, reviews.held_late) == (3, 1, 1)
    assert (reviews.not_held_overdue, reviews.not_yet_due) == (1, 0)
    assert (reviews.overdue_at_end, reviews.overdue_on) == (2, END)


def test_an_empty_period_has_no_activity_but_the_open_cases(store) -> None:
    """January 2025: nothing held, received or raised; medians and shares are absent, not zero."""
    with store.session() as session:
        build(session)
    with store.session() as session:
        figures = management_information(session, Period.checked(date(2025, 1, 1), date(2025, 1, 31)), AS_OF)
    assert figures.conferences.held == {} and figures.attendance == [] and figures.actions == []
    assert all(t.started == 0 and t.median_working_days is None for t in figures.timeliness)
    assert all(t.share_within_target is None for t in figures.timeliness)
    assert figures.reviews.fell_due == 0 and figures.reviews.overdue_at_end == 0
    assert figures.cases.total == 5  # the open cases; both closed ones had nothing in January
    tables = {t.name: t for t in mi_tables(figures)}
    assert tables["attendance-by-agency"].rows == [["Total", 0, 0, 0, 0, 0, 0, None]]


def test_a_period_must_run_forwards() -> None:
    """One sentence when the start is after the end; a single day is a period."""
    with pytest.raises(PeriodError, match=r"^The period starts \(02 Oct 2026\) after it ends \(01 Oct 2026\)\.$"):
        Period.checked(date(2026, 10, 2), date(2026, 10, 1))
    assert Period.checked(START, START).label() == "1 Oct 2026 to 1 Oct 2026"


def test_referral_target_setting_is_bounded() -> None:
    """The new target has the same kind of bounds as the desk's settings."""
    with pytest.raises(ValueError, match="referral"):
        replace(OrganisationSettings(), referral_working_days=0).validated()
    assert OrganisationSettings().referral_working_days == 20
