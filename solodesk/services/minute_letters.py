"""Invitation letters with a calendar file, and the executive summary, from the stored conference."""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from solodesk.models import AgendaItem, Conference, PlanArea
from solodesk.reports.ics import CalendarEvent, build_ics
from solodesk.reports.letters import ExecutiveSummary, InvitationLetter, render_invitation, render_summary
from solodesk.services import audit
from solodesk.services.minute_content import build_content, long_date
from solodesk.services.minute_files import ascii_fold, write_copy
from solodesk.services.minute_issue import CannotIssueError
from solodesk.services.settings import load_settings
from solodesk.services.validation import actions_raised_at
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
        content = build_content(conference, load_settings(session))
        invitees = [(i.contact.name, i.contact.agency_name) for i in conference.invitations]
        start = datetime.combine(conference.meeting_date, conference.meeting_time or time(10, 0))
        audit.record(
            session, "conference.invitations_prepared", "conference", conference_id, f"letters={len(invitees)}"
        )
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
        content = build_content(conference, load_settings(session))
        areas: dict[PlanArea, int] = {}
        for action in actions_raised_at(conference):
            areas[action.plan_area] = areas.get(action.plan_area, 0) + 1
        agencies = sorted({i.contact.agency_name for i in conference.invitations if i.contact.agency_name})
        audit.record(session, "minute.summary_prepared", "conference", conference_id)
    details = dict(content.subject_details)
    decisions = [d.decision for d in content.decisions if not d.restricted and d.item != AgendaItem.VICTIM_ISSUES.label]
    summary = ExecutiveSummary(
        organisation=content.organisation,
        marking=content.marking,
        prepared_on=long_date(date.today()),
        requested_by=requested_by.strip(),
        subject_name=content.subject_name,
        subject_dob=details.get("Date of birth", ""),
        meeting_type=content.meeting_type,
        meeting_date=content.meeting_date,
        mappa=details.get("MAPPA", ""),
        risk_level=content.risk_level or "Not recorded",
        next_review=content.next_meeting or "Not recorded",
        author=f"{content.chair}, chair",
        agencies=agencies,
        plan_summary=[
            f"{area.label}: {count} action(s) agreed, each with an owner and a date." for area, count in areas.items()
        ],
        decisions=decisions,
    )
    return render_summary(summary)
