"""The recorded minute content as simple HTML, for the on-screen preview.

This is not the minute (the PDF is): it lets the chair see, in agenda order,
what the record says so far. Every stored text is escaped; restricted content
is shown inside a marked box so the chair sees what only its audience gets.
"""

from collections.abc import Iterable
from datetime import date, time
from html import escape

from solodesk.models import AgendaItem, Attendance
from solodesk.services.chair_view import ConferenceSnapshot, load_snapshot
from solodesk.services.risk_tools import scale_results, tool_display_name
from solodesk.store import CaseStore

RESTRICTED_STYLE = "border: 2px solid #a31515; background: #fdecec; padding: 4px;"
RESTRICTED_LABEL = "RESTRICTED — its audience only"
NOT_RECORDED = "Not recorded."


def _d(value: date | None) -> str:
    return value.strftime("%d %B %Y").lstrip("0") if value else "no date"


def _t(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def _p(text: str) -> str:
    """Return escaped text as a paragraph, keeping the writer's line breaks."""
    if not text.strip():
        return f"<p><i>{NOT_RECORDED}</i></p>"
    return "<p>" + escape(text.strip()).replace("\n", "<br/>") + "</p>"


def _restricted(body: str) -> str:
    return (
        f'<table width="100%" cellpadding="4" style="{RESTRICTED_STYLE}"><tr><td>'
        f'<b style="color:#a31515">{RESTRICTED_LABEL}</b>{body}</td></tr></table>'
    )


def _marked(restricted: bool) -> str:
    return f'<b style="color:#a31515">{RESTRICTED_LABEL}</b><br/>' if restricted else ""


def _fields(pairs: Iterable[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in pairs if v.strip())
    return f'<table cellpadding="2">{rows}</table>' if rows else ""


def _notes(snap: ConferenceSnapshot, item: AgendaItem) -> str:
    note = snap.note(item)
    html = _p(note.notes) if note.notes.strip() else ""
    if note.restricted_notes.strip():
        html += _restricted(_p(note.restricted_notes))
    return html


def _header(snap: ConferenceSnapshot) -> str:
    when = f"{_d(snap.meeting_date)} {_t(snap.meeting_time)}".strip()
    return (
        f'<p align="center"><b>{escape(snap.marking)}</b></p>'
        f"<h2>{escape(snap.organisation)}: risk management case conference</h2>"
        + _fields(
            [
                ("Subject", snap.subject_name),
                ("Date of birth", _d(snap.subject_dob) if snap.subject_dob else ""),
                ("Reference", snap.visor_ref),
                ("Meeting", f"{snap.kind.label} conference"),
                ("Date and time", when),
                ("Venue", snap.venue),
                ("Chair", snap.chair_name),
                ("Minute taken by", snap.minute_taker_name),
            ]
        )
        + "<h3>Confidentiality statement</h3>"
        + _p(snap.confidentiality_statement)
        + (
            "<p>Agreed by all present.</p>"
            if snap.confidentiality_agreed
            else f"<p><i>Agreement {NOT_RECORDED}</i></p>"
        )
    )


def _attendance(snap: ConferenceSnapshot) -> tuple[str, str]:
    present = [i for i in snap.invitees if i.attendance == Attendance.PRESENT]
    rows = []
    for i in present:
        extra = ", ".join(x for x, on in (("arrived late", i.arrived_late), ("left early", i.left_early)) if on)
        rows.append(
            f"<tr><td>{escape(i.name)}</td><td>{escape(i.agency)}</td><td>{escape(i.role)}</td>"
            f"<td>{escape(i.phone)} {escape(i.email)}</td><td>{escape(extra)}</td></tr>"
        )
    intro = (
        '<table border="1" cellspacing="0" cellpadding="3"><tr><th>Name</th><th>Agency</th><th>Role</th>'
        "<th>Contact</th><th></th></tr>" + "".join(rows) + "</table>"
        if rows
        else "<p><i>Nobody is recorded as present.</i></p>"
    )
    apologies = [i for i in snap.invitees if i.attendance == Attendance.APOLOGIES]
    absent = [i for i in snap.invitees if i.attendance == Attendance.ABSENT]
    items = [
        f"<li>{escape(i.name)} ({escape(i.agency)})"
        + (" — report submitted" if i.report_submitted else " — no report")
        + "</li>"
        for i in apologies
    ]
    items += [f"<li>{escape(i.name)} ({escape(i.agency)}) — absent without apologies</li>" for i in absent]
    return intro, (f"<ul>{''.join(items)}</ul>" if items else "<p>None.</p>")


def _previous(snap: ConferenceSnapshot) -> str:
    if snap.previous_conference_id is None:
        return "<p>Not applicable: there is no previous conference.</p>"
    accuracy = {
        None: f"<i>Accuracy {NOT_RECORDED.lower()}</i>",
        True: "Agreed as an accurate record.",
        False: "Not agreed as accurate; amendments:",
    }[snap.previous_minute_accurate]
    html = f"<p>Previous: {escape(snap.previous_label)}. {accuracy}</p>"
    if snap.previous_minute_accurate is False:
        html += _p(snap.previous_minute_amendments)
    rows = "".join(
        f"<tr><td>{escape(a.description)}</td><td>{escape(a.owner_name)}</td><td>{escape(a.status.label)}</td>"
        f"<td>{escape(a.outcome) if a.reviewed_here else '<i>awaiting outcome</i>'}</td></tr>"
        for a in snap.previous_actions
    )
    if rows:
        html += (
            '<p><b>Actions from the last plan</b></p><table border="1" cellspacing="0" cellpadding="3">'
            f"<tr><th>Action</th><th>Owner</th><th>Status</th><th>Outcome</th></tr>{rows}</table>"
        )
    return html


def _victims(snap: ConferenceSnapshot) -> str:
    html = ""
    for number, v in enumerate(snap.victims, start=1):
        body = f"<p><b>{escape(v.kind.label)} victim {number}</b></p>" + _fields(
            [
                ("Description", v.description),
                ("Relationship", v.relationship),
                ("Where they live", v.where_they_live),
                ("Child protection", "Yes" if v.child_protection else ""),
                ("Contact restrictions", v.contact_restrictions),
                ("Exclusion area", v.exclusion_area),
                ("Safety measures", v.safety_measures),
            ]
        )
        html += _restricted(body) if v.restricted else body
    return html


def _risk(snap: ConferenceSnapshot) -> str:
    html = ""
    for a in snap.assessments:
        body = _fields(
            [
                ("Tool", tool_display_name(a.tool)),
                ("Assessed", _d(a.assessed_on) if a.assessed_on else ""),
                ("Assessor", a.assessor),
                *((r.label, r.value) for r in scale_results(a.tool, a.results)),
                ("Result", a.result),
                ("Notes", a.notes),
            ]
        )
        html += _restricted(body) if a.restricted else body
    html += "<p><b>Dynamic factors</b></p>" + _p(snap.dynamic_factors)
    html += "<p><b>Who is at risk</b></p>" + _p(snap.who_is_at_risk)
    level = snap.risk_level.label if snap.risk_level else NOT_RECORDED
    html += f"<p><b>Agreed level of risk:</b> {escape(level)}</p>" + _p(snap.risk_rationale)
    return html


def _plan(snap: ConferenceSnapshot) -> str:
    rows = "".join(
        f"<tr><td>{n}</td><td>{_marked(a.restricted)}{escape(a.description)}</td>"
        f"<td>{escape(a.owner_name) or '<b>no owner</b>'}</td>"
        f"<td>{escape(a.agency_name)}</td><td>{_d(a.due_date) if a.due_date else '<b>no date</b>'}</td>"
        f"<td>{escape(a.plan_area.label)}</td></tr>"
        for n, a in enumerate(snap.actions, start=1)
    )
    html = (
        '<table border="1" cellspacing="0" cellpadding="3"><tr><th>#</th><th>Action</th><th>Owner</th>'
        f"<th>Agency</th><th>Due</th><th>Area</th></tr>{rows}</table>"
        if rows
        else "<p><i>No actions.</i></p>"
    )
    for number, d in enumerate(snap.decisions, start=1):
        body = f"<p><b>Decision {number}:</b> {escape(d.decision)}</p>" + _fields(
            [("Reasons", d.reasons), ("Dissent", d.dissent)]
        )
        html += _restricted(body) if d.restricted else body
    for number, s in enumerate(snap.disclosures, start=1):
        verdict = "Disclose" if s.disclose else "Do not disclose"
        body = f"<p><b>Disclosure decision {number}:</b> {verdict}</p>" + _fields(
            [
                ("To whom", s.to_whom),
                ("What", s.what),
                ("Why", s.why),
                ("Authority", s.authority),
                (
                    "Registration status",
                    "Disclosed (police written permission needed)" if s.discloses_registration else "",
                ),
            ]
        )
        html += _restricted(body) if s.restricted else body
    return html


def _next(snap: ConferenceSnapshot) -> str:
    if snap.next_date is not None:
        return f"<p>{escape(_d(snap.next_date))} {escape(_t(snap.next_time))}, {escape(snap.next_venue)}</p>"
    if snap.not_reconvening_reason.strip():
        return "<p>The group decided not to reconvene.</p>" + _p(snap.not_reconvening_reason)
    return f"<p><i>{NOT_RECORDED}</i></p>"


def minute_html(snap: ConferenceSnapshot) -> str:
    """Return the recorded content of a conference as HTML, in agenda order."""
    intro, apologies = _attendance(snap)
    purpose = "".join(f"<li>{escape(r.label)}</li>" for r in snap.reasons)
    purpose_html = (f"<ul>{purpose}</ul>" if purpose else "") + (
        _p(snap.reasons_other) if snap.reasons_other.strip() or not purpose else ""
    )
    bodies = {
        AgendaItem.INTRODUCTIONS: intro,
        AgendaItem.APOLOGIES: apologies,
        AgendaItem.PREVIOUS_MINUTE: _previous(snap),
        AgendaItem.PURPOSE: f"<p>{escape(snap.kind.label)} conference. Reasons for convening:</p>" + purpose_html,
        AgendaItem.VICTIM_ISSUES: _victims(snap),
        AgendaItem.RISK_ASSESSMENT: _risk(snap),
        AgendaItem.ACTION_PLAN: _plan(snap),
        AgendaItem.NEXT_MEETING: _next(snap),
    }
    html = _header(snap)
    for item in AgendaItem:
        html += f"<h3>{item.number}. {escape(item.label)}</h3>" + bodies[item] + _notes(snap, item)
    html += f'<p align="center"><b>{escape(snap.marking)}</b></p>'
    return f"<html><body>{html}</body></html>"


def preview_html(store: CaseStore, conference_id: int) -> str:
    """Return the preview HTML of a stored conference."""
    return minute_html(load_snapshot(store, conference_id))
