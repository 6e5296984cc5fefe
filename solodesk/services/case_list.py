"""A plain listing of every case and its conferences, with the ids other commands take.

``solodesk list`` prints it so that a person scripting ``minutes --conference ID`` or
``pack export --case ID`` can find the numbers without opening the app.
"""

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import CaseStatus, Conference, ConferenceStatus, ConferenceType, Subject


@dataclass(frozen=True)
class ConferenceLine:
    """One conference of a case.

    Attributes:
        id: the id ``minutes --conference`` takes.
        kind: initial, review or emergency.
        status: planned, held, minute issued…
        meeting_date: the meeting's date, when set.
        meeting_time: the meeting's time, when set.
    """

    id: int
    kind: ConferenceType
    status: ConferenceStatus
    meeting_date: date | None
    meeting_time: time | None


@dataclass(frozen=True)
class CaseLine:
    """One case with its conferences, oldest first.

    Attributes:
        id: the id ``pack export --case`` takes.
        name: the subject's full name.
        date_of_birth: when known.
        case_status: in custody, active or closed.
        conferences: the case's conferences by date.
    """

    id: int
    name: str
    date_of_birth: date | None
    case_status: CaseStatus
    conferences: tuple[ConferenceLine, ...]


def list_cases(session: Session) -> list[CaseLine]:
    """Return every case by surname with its conferences (two queries, whatever the count)."""
    subjects = session.execute(
        select(Subject.id, Subject.forenames, Subject.surname, Subject.date_of_birth, Subject.case_status).order_by(
            Subject.surname, Subject.forenames, Subject.id
        )
    ).all()
    by_subject: dict[int, list[ConferenceLine]] = {}
    rows = session.execute(
        select(
            Conference.subject_id,
            Conference.id,
            Conference.kind,
            Conference.status,
            Conference.meeting_date,
            Conference.meeting_time,
        ).order_by(Conference.meeting_date.is_(None), Conference.meeting_date, Conference.id)
    ).all()
    for subject_id, conference_id, kind, status, meeting_date, meeting_time in rows:
        by_subject.setdefault(subject_id, []).append(
            ConferenceLine(conference_id, kind, status, meeting_date, meeting_time)
        )
    return [
        CaseLine(
            id=subject_id,
            name=f"{forenames} {surname}".strip(),
            date_of_birth=date_of_birth,
            case_status=case_status,
            conferences=tuple(by_subject.get(subject_id, ())),
        )
        for subject_id, forenames, surname, date_of_birth, case_status in subjects
    ]


def format_case_list(cases: list[CaseLine]) -> list[str]:
    """Return the listing as lines of text: a case line, then one indented line per conference."""
    if not cases:
        return ["No cases in this store."]
    lines: list[str] = []
    for case in cases:
        born = case.date_of_birth.strftime("%d/%m/%Y") if case.date_of_birth else "date of birth not known"
        lines.append(f"case {case.id}: {case.name} ({born}) — {case.case_status.label}")
        for conference in case.conferences:
            when = conference.meeting_date.strftime("%d/%m/%Y") if conference.meeting_date else "no date set"
            if conference.meeting_time is not None:
                when += conference.meeting_time.strftime(" %H:%M")
            lines.append(f"  conference {conference.id}: {conference.kind.label}, {when} — {conference.status.label}")
        if not case.conferences:
            lines.append("  no conferences yet")
    return lines
