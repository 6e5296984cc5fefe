"""Invitation letters with a calendar file, and the executive summary, from the conference's read model."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from solodesk.models import AgendaItem, Attendance, Conference, PlanArea
from solodesk.reports.ics import CalendarEvent, build_ics
from solodesk.reports.letters import ExecutiveSummary, InvitationLetter, render_invitation, render_summary
from solodesk.services import audit
from solodesk.services.conference_read import read_conference
from solodesk.services.conference_rows import InviteeRow
from solodesk.services.minute_content import build_content, long_date
from solodesk.services.minute_files import ascii_fold, write_copy
from solodesk.services.minute_issue import CannotIssueError
from solodesk.services.minute_record import mappa_line
from solodesk.store import CaseStore

MEETING_LENGTH = timedelta(hours=2)


def invitation_letters(store: CaseStore, conference_id: int) -> tuple[list[tuple[str, bytes]], bytes]:
    """Return (file name, PDF) for each invitee's letter, and the meeting's ``.ics`` file.

    File names carry the date, list position and invitee, never the subject's name.

    Raises:
        CannotIssueError: no such conference, or it has no date yet.
        UnprintableTextError: some text cannot be printed.
    """
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise CannotIssueError([f"There is no conference {conference_id} in this store."])
        if conference.meeting_date is None:
            raise CannotIssueError(["Set the date of the meeting before sending invitations."])
        snap = read_conference(session, conference)
        invitees = [(i.name, i.agency) for i in snap.invitees]
        start = datetime.combine(conference.meeting_date, snap.meeting_time or time(10, 0))
        audit.record(
            session, "conference.invitations_prepared", "conference", conference_id, f"letters={len(invitees)}"
        )
    content = build_content(snap)
    agenda = [item.label for item in AgendaItem]
    letters = []
    for number, (name, agency) in enumerate(invitees, start=1):
        letter = InvitationLetter(
            organisation=content.organisation,
            marking=content.marking,
            letter_date=long_date(date.today()),
            invitee_name=name,
            invitee_agency=agency or "your agency",
            subject_name=content.subject_name,
            subject_dob=dict(content.subject_details).get("Date of birth", ""),
            meeting_type=content.meeting_type,
            meeting_date=content.meeting_date,
            meeting_time=content.meeting_time or "10:00",
            venue=content.venue,
            chair=content.chair,
            chair_contact=content.chair_contact,
            confidentiality=content.confidentiality_statement,
            purpose=content.reasons,
            agenda=agenda,
        )
        stem = f"{content.meeting_date_iso or 'undated'}_RMCC-invitation_{number:02d}_{ascii_fold(name)}"
        letters.append((stem + ".pdf", render_invitation(letter)))
    event = CalendarEvent(
        uid=f"conference-{conference_id}-{content.meeting_date_iso}@solodesk.invalid",
        start=start,
        duration=MEETING_LENGTH,
        summary=f"Risk management case conference ({content.meeting_type.lower()}), ref {conference_id}",
        location=content.venue,
        description=f"Chair: {content.chair}. {content.marking}: details are in the invitation letter.",
    )
    return letters, build_ics(event)


def write_invitations(store: CaseStore, conference_id: int, folder: Path) -> list[Path]:
    """Write every invitee's letter and one ``.ics`` file into a folder the user chose; return the paths."""
    letters, ics = invitation_letters(store, conference_id)
    if not folder.is_dir():
        raise CannotIssueError([f"The folder {folder} does not exist."])
    paths = []
    for name, data in letters:
        paths.append(write_copy(folder, name, data))
    ics_name = letters[0][0].split("_")[0] + "_RMCC-meeting.ics" if letters else "RMCC-meeting.ics"
    return [*paths, write_copy(folder, ics_name, ics)]


def agencies_by_attendance(invitations: Iterable[InviteeRow]) -> tuple[list[str], list[str], list[str]]:
    """Return the agencies present, those that sent apologies, and those absent, in invitation order.

    An agency is listed once, where its best-attending member puts it (one officer
    present and another apologising is "present"). An apology says "(report sent)"
    only when a report was recorded as submitted with it. People with no agency are
    listed by name.
    """
    present: dict[str, bool] = {}
    apologies: dict[str, bool] = {}
    absent: dict[str, bool] = {}
    for invitation in invitations:
        agency = invitation.agency or invitation.name
        if invitation.attendance == Attendance.PRESENT:
            present[agency] = True
        elif invitation.attendance == Attendance.APOLOGIES:
            apologies[agency] = apologies.get(agency, False) or invitation.report_submitted
        elif invitation.attendance == Attendance.ABSENT:
            absent[agency] = True
    sent = [f"{a} (report sent)" if report else a for a, report in apologies.items() if a not in present]
    away = [a for a in absent if a not in present and a not in apologies]
    return list(present), sent, away


def executive_summary(store: CaseStore, conference_id: int, requested_by: str) -> bytes:
    """Return the executive summary PDF for a request from outside the core group (no restricted content).

    Raises:
        CannotIssueError: no such conference, or no requester named.
        UnprintableTextError: some text cannot be printed.
    """
    if not requested_by.strip():
        raise CannotIssueError(["Name who asked for the summary."])
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise CannotIssueError([f"There is no conference {conference_id} in this store."])
        snap = read_conference(session, conference)
        audit.record(session, "minute.summary_prepared", "conference", conference_id)
    content = build_content(snap)
    areas: dict[PlanArea, int] = {}
    for action in snap.actions:
        areas[action.plan_area] = areas.get(action.plan_area, 0) + 1
    present, apologies, absent = agencies_by_attendance(snap.invitees)
    born = snap.record.date_of_birth
    # Restricted decisions and anything under victim issues stay in the minute only.
    decisions = [
        d.decision
        for d in snap.decisions
        if not d.restricted and d.item != AgendaItem.VICTIM_ISSUES and d.decision.strip()
    ]
    summary = ExecutiveSummary(
        organisation=content.organisation,
        marking=content.marking,
        prepared_on=long_date(date.today()),
        requested_by=requested_by.strip(),
        subject_name=content.subject_name,
        subject_dob=born.strftime("%d/%m/%Y") if born else "",
        meeting_type=content.meeting_type,
        meeting_date=content.meeting_date,
        mappa=mappa_line(snap.record),
        risk_level=content.risk_level or "Not recorded",
        next_review=content.next_meeting or "Not recorded",
        author=f"{content.chair}, chair",
        present=present,
        apologies=apologies,
        absent=absent,
        plan_summary=[
            f"{area.label}: {count} action(s) agreed, each with an owner and a date." for area, count in areas.items()
        ],
        decisions=decisions,
    )
    return render_summary(summary)
