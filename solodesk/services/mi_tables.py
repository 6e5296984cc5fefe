"""The management-information figures as tables: one CSV each, and the PDF's tables and charts.

Every cell is a count, a percentage, a label of the app's own (a category, a status,
a measure) or an agency's name: never the name of a subject or a person.
"""

from datetime import timedelta

from solodesk.models import CaseStatus, ConferenceType, ManagementLevel, MappaCategory
from solodesk.reports.mi_pdf import Cell, Chart, MiTable
from solodesk.services.mi_figures import ManagementInformation, Timeliness

# The charts show this many agencies (the most invited, or with the most actions); the tables show all.
CHART_AGENCIES = 12
_LEVELS: tuple[ManagementLevel | None, ...] = (*ManagementLevel, None)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _short_level(level: ManagementLevel | None) -> str:
    return level.label.split(" (")[0] if level is not None else "No level"


def _short_category(category: MappaCategory) -> str:
    return category.label.split(" (")[0]


def cases_by_category_table(mi: ManagementInformation) -> MiTable:
    """Return the cases by MAPPA category (rows) and management level (columns)."""
    cases = mi.cases
    rows: list[list[Cell]] = []
    for category in MappaCategory:
        counts = [cases.count(category, level) for level in _LEVELS]
        rows.append([category.label, *counts, sum(counts)])
    totals = [sum(cases.count(c, level) for c in MappaCategory) for level in _LEVELS]
    rows.append(["Total", *totals, sum(totals)])
    chart = Chart(
        "Cases by MAPPA category and management level",
        [_short_category(c) for c in MappaCategory],
        [(_short_level(level), [float(cases.count(c, level)) for c in MappaCategory]) for level in _LEVELS],
    )
    return MiTable(
        "cases-by-category-and-level",
        "Cases by MAPPA category and management level",
        "Every open case (in custody or active), and every closed case with a conference held in the "
        "period. Category and level as recorded on the day of the report.",
        ["MAPPA category", *(_short_level(level) for level in _LEVELS), "Total"],
        rows,
        total_row=True,
        chart=chart,
    )


def cases_by_status_table(mi: ManagementInformation) -> MiTable:
    """Return the same cases by case status."""
    rows: list[list[Cell]] = [[status.label, mi.cases.by_status.get(status, 0)] for status in CaseStatus]
    rows.append(["Total", mi.cases.total])
    return MiTable(
        "cases-by-status",
        "Cases by case status",
        "The same cases as above, by their status on the day of the report.",
        ["Case status", "Cases"],
        rows,
        total_row=True,
    )


def conferences_table(mi: ManagementInformation) -> MiTable:
    """Return the conferences held in the period by type."""
    held = mi.conferences
    rows: list[list[Cell]] = [[kind.label, held.held.get(kind, 0), held.cases.get(kind, 0)] for kind in ConferenceType]
    rows.append(["Total", sum(held.held.values()), held.cases_total])
    chart = Chart(
        "Conferences held by type",
        [kind.label for kind in ConferenceType],
        [("Conferences held", [float(held.held.get(kind, 0)) for kind in ConferenceType])],
    )
    return MiTable(
        "conferences-held-by-type",
        "Conferences held by type",
        "Conferences that met on a day in the period and are recorded as held (or their minute drafted or issued).",
        ["Type", "Conferences held", "Cases"],
        rows,
        total_row=True,
        chart=chart,
    )


def _timeliness_row(measure: Timeliness) -> list[Cell]:
    return [
        measure.measure,
        measure.target,
        measure.started,
        measure.completed,
        measure.median_working_days,
        measure.within_target,
        measure.outside_target,
        measure.waiting,
        _percent(measure.share_within_target),
    ]


def timeliness_table(mi: ManagementInformation) -> MiTable:
    """Return the timeliness measures: median working days and the share within target."""
    # Only measures with something decided: a share of nothing is no share, not 0 %.
    judged = [m for m in mi.timeliness if m.share_within_target is not None]
    chart = Chart(
        "Share within target (%)",
        [m.measure.replace(" received", "") for m in judged],
        [("Within target", [m.share_within_target or 0.0 for m in judged])],
        horizontal=True,
        percent=True,
    )
    return MiTable(
        "timeliness",
        "Timeliness",
        "Counted by the day the clock started: notifications and referrals received, and meetings held, in the "
        "period. Working days are Monday to Friday (public holidays are not known to the app). Outside target: "
        "done late, or not done and already past the target; waiting: not done and still within it. The share "
        "within target is of those within or outside.",
        [
            "Measure",
            "Target",
            "Started",
            "Done",
            "Median (working days)",
            "Within target",
            "Outside target",
            "Waiting",
            "Within target (%)",
        ],
        [_timeliness_row(m) for m in mi.timeliness],
        chart=chart,
    )


def attendance_table(mi: ManagementInformation) -> MiTable:
    """Return invitations, attendance and reports sent by agency."""
    rows: list[list[Cell]] = [
        [a.agency, *(getattr(a, name) for name in _ATTENDANCE_COLUMNS), _percent(a.share_present)]
        for a in mi.attendance
    ]
    totals = [sum(getattr(a, name) for a in mi.attendance) for name in _ATTENDANCE_COLUMNS]
    share = None if totals[0] == 0 else round(100.0 * totals[1] / totals[0], 1)
    rows.append(["Total", *totals, share])
    busiest = sorted(mi.attendance, key=lambda a: (-a.invited, a.agency.casefold()))[:CHART_AGENCIES]
    many = len(mi.attendance) > CHART_AGENCIES
    chart = Chart(
        "Invited and present, by agency" + (f" (the {CHART_AGENCIES} most invited)" if many else ""),
        [a.agency for a in busiest],
        [("Invited", [float(a.invited) for a in busiest]), ("Present", [float(a.present) for a in busiest])],
        horizontal=True,
    )
    return MiTable(
        "attendance-by-agency",
        "Attendance and reports sent, by agency",
        "Everyone invited to the conferences held in the period, by their agency in the directory.",
        ["Agency", "Invited", "Present", "Apologies", "Absent", "Not recorded", "Reports sent", "Present (%)"],
        rows,
        total_row=True,
        chart=chart,
    )


_ATTENDANCE_COLUMNS = ("invited", "present", "apologies", "absent", "not_recorded", "reports_sent")
_ACTION_COLUMNS = ("raised", "completed", "not_done", "withdrawn", "still_open", "overdue")


def actions_table(mi: ManagementInformation) -> MiTable:
    """Return the actions raised in the period by owning agency, by where they stand now."""
    rows: list[list[Cell]] = [[a.agency, *(getattr(a, name) for name in _ACTION_COLUMNS)] for a in mi.actions]
    rows.append(["Total", *(sum(getattr(a, name) for a in mi.actions) for name in _ACTION_COLUMNS)])
    busiest = sorted(mi.actions, key=lambda a: (-a.raised, a.agency.casefold()))[:CHART_AGENCIES]
    chart = Chart(
        "Actions raised, completed and overdue, by agency"
        + (f" (the {CHART_AGENCIES} with most raised)" if len(mi.actions) > CHART_AGENCIES else ""),
        [a.agency for a in busiest],
        [
            ("Raised", [float(a.raised) for a in busiest]),
            ("Completed", [float(a.completed) for a in busiest]),
            ("Overdue", [float(a.overdue) for a in busiest]),
        ],
        horizontal=True,
    )
    # Open and due before the day after the period (or before the day of the report, when sooner).
    overdue_by = min(mi.period.end, mi.as_of - timedelta(days=1))
    return MiTable(
        "actions-by-agency",
        "Actions raised, completed and overdue, by agency",
        "Actions raised at a conference held in the period (or recorded in it, when raised outside a "
        "conference), by the owner's agency, as they stand on the day of the report. Overdue: still open "
        f"and due on or before {overdue_by.day} {overdue_by:%b %Y}.",
        ["Agency", "Raised", "Completed", "Not done", "Withdrawn", "Still open", "Overdue"],
        rows,
        total_row=True,
        chart=chart,
    )


def reviews_table(mi: ManagementInformation) -> MiTable:
    """Return the reviews that fell due in the period and the cases overdue at its end."""
    r = mi.reviews
    day = r.overdue_on or mi.period.end
    rows: list[list[Cell]] = [
        ["Reviews falling due in the period", r.fell_due],
        ["of which held by the due date", r.held_by_due_date],
        ["of which held after the due date", r.held_late],
        ["of which not held, due date passed", r.not_held_overdue],
        ["of which not held, not yet due", r.not_yet_due],
        [f"Cases with a review overdue on {day.day} {day:%b %Y}", r.overdue_at_end],
    ]
    return MiTable(
        "reviews",
        "Reviews",
        "A review falls due on the next date agreed at a held conference or, when none was agreed, after the "
        "review interval for the risk level set there (settings). Closed cases, and cases where the group "
        "decided not to reconvene, are not counted.",
        ["Reviews", "Count"],
        rows,
    )


def mi_tables(mi: ManagementInformation) -> list[MiTable]:
    """Return every table of the report, in the report's order."""
    return [
        cases_by_category_table(mi),
        cases_by_status_table(mi),
        conferences_table(mi),
        timeliness_table(mi),
        attendance_table(mi),
        actions_table(mi),
        reviews_table(mi),
    ]
