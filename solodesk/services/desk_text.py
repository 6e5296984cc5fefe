"""The desk as plain text, for ``solodesk desk`` (each line names its case and conference ids)."""

from datetime import date

from solodesk.services.desk_lines import Desk


def _day(value: date | None) -> str:
    return value.strftime("%d %b %Y") if value else "no date"


def counts_line(desk: Desk) -> str:
    """Return the one-line summary of the desk's counts."""
    c = desk.counts
    return (
        f"Reviews: {c.reviews_overdue} overdue, {c.reviews_due} due · "
        f"Releases: {c.releases} ({c.releases_not_convened} not convened) · "
        f"Actions: {c.actions_overdue} overdue, {c.actions_due_soon} due soon · "
        f"Minutes late: {c.minutes_late} · Amendments waiting: {c.amendments_waiting} · "
        f"Risk assessments: {c.assessments_missing_or_old}"
    )


def _none_if_empty(out: list[str], heading_at: int) -> None:
    if len(out) == heading_at + 1:
        out.append("  (none)")


def desk_text(desk: Desk) -> str:
    """Return the desk as text: counts, then one section per list."""
    out = [f"Desk as of {desk.as_of:%A %d %B %Y}", counts_line(desk), ""]
    start = len(out)
    out.append("Reviews due and overdue")
    for r in desk.reviews:
        state = "OVERDUE" if r.overdue else "due"
        how = "agreed at the last meeting" if r.agreed else "review interval"
        out.append(
            f"  {state} {_day(r.due)} ({how})  {r.subject_name}  case {r.subject_id}  conference {r.conference_id}"
        )
    _none_if_empty(out, start)
    out.append("")
    start = len(out)
    out.append("Releases coming up")
    for n in desk.releases:
        if n.conference_id is not None:
            convened = f"convened: conference {n.conference_id} on {_day(n.conference_date)}"
        else:
            convened = "LATE: not convened" if n.late else "not convened"
        out.append(
            f"  release {_day(n.release_date)}, hold by {_day(n.hold_by)}  {n.subject_name}  case {n.subject_id}"
            f"  notification {n.notification_id}  {convened}"
        )
    _none_if_empty(out, start)
    out.append("")
    start = len(out)
    out.append("Actions overdue or due within 14 days")
    for group in desk.action_groups:
        out.append(f"  {group.owner} — {group.agency or 'no agency'}")
        for a in group.actions:
            state = "OVERDUE" if a.overdue else "due"
            where = f"conference {a.conference_id}" if a.conference_id else "no conference"
            out.append(
                f"    {state} {_day(a.due)}  {a.description}  ({a.subject_name}, case {a.subject_id}, {where},"
                f" action {a.action_id})"
            )
    _none_if_empty(out, start)
    out.append("")
    start = len(out)
    out.append("Minutes not issued in time")
    for m in desk.minutes:
        out.append(
            f"  met {_day(m.meeting_date)}, due {_day(m.due)} ({m.working_days} working days)  {m.subject_name}"
            f"  case {m.subject_id}  conference {m.conference_id}"
        )
    _none_if_empty(out, start)
    out.append("")
    start = len(out)
    out.append("Amendment requests waiting for the chair")
    for q in desk.amendments:
        out.append(
            f"  {q.requested_by}, {_day(q.requested_on)}  {q.subject_name}  case {q.subject_id}"
            f"  conference {q.conference_id}"
        )
    _none_if_empty(out, start)
    out.append("")
    start = len(out)
    out.append("Risk assessments missing or out of date")
    for s in desk.assessments:
        out.append(f"  {s.reason}  {s.subject_name}  case {s.subject_id}")
    _none_if_empty(out, start)
    return "\n".join(out)
