"""Issue, circulate and amend a conference's minute.

Issuing freezes a version (a :class:`MinuteIssue` holding the content snapshot)
once nothing blocks it; circulating renders one PDF per recipient of the
current version into a folder the user chose and records each copy's
distribution (recipient, version, time, SHA-256). Agreed amendments are
re-issued to everyone as the next version, listed on the front sheet.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from solodesk.models import (
    AmendmentRequest,
    AmendmentStatus,
    Conference,
    ConferenceStatus,
    Distribution,
    MinuteIssue,
)
from solodesk.reports.minute_data import Amendment, IssueInfo, Recipient
from solodesk.reports.minute_pdf import MinuteRenderer, check_printable
from solodesk.reports.minute_snapshot import content_from_json, content_to_json, legacy_readers
from solodesk.services import audit
from solodesk.services.minute_audiences import CONCERNS, amendment_lines
from solodesk.services.minute_content import long_date, read_minute
from solodesk.services.minute_files import copy_file_name, place_copy, remove_leftovers
from solodesk.services.validation import blocking, check_conference
from solodesk.store import CaseStore, StoreError
from solodesk.store.diagnosis import diagnose

HELD_OR_LATER = (
    ConferenceStatus.HELD,
    ConferenceStatus.MINUTE_DRAFTED,
    ConferenceStatus.ISSUED,
    ConferenceStatus.AMENDED,
)
Progress = Callable[[int, int, str], None]


class CannotIssueError(Exception):
    """The minute cannot be issued or circulated; ``reasons`` are sentences for the user."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__(" ".join(reasons))


@dataclass(frozen=True)
class IssueSummary:
    """A frozen minute version."""

    issue_id: int
    conference_id: int
    version: int
    issued_at: datetime
    issued_by: str
    amendments: list[str]
    restricted_amendments: int = 0


@dataclass(frozen=True)
class WrittenCopy:
    """One recipient's copy written to disk."""

    recipient: str
    version: int
    path: Path
    sha256: str
    restricted_items: tuple[str, ...] = ()


def _conference(session: Session, conference_id: int) -> Conference:
    conference = session.get(Conference, conference_id)
    if conference is None:
        raise CannotIssueError([f"There is no conference {conference_id} in this store."])
    return conference


def _summary(issue: MinuteIssue) -> IssueSummary:
    entries = [Amendment.from_json(entry) for entry in issue.amendments_summary]
    return IssueSummary(
        issue.id,
        issue.conference_id,
        issue.version,
        issue.issued_at,
        issue.issued_by,
        [entry.text for entry in entries],
        sum(entry.restricted for entry in entries),
    )


def _lock_for_issue(session: Session, conference_id: int) -> None:
    """Take the database's write lock first, so checking the versions and inserting one is atomic.

    A no-op write as the transaction's first statement makes SQLite grant the write lock
    before anything is read (another writer waits on the busy timeout); two processes or
    threads issuing at once therefore see each other's version and never both make "the next".
    """
    session.execute(text("UPDATE conference SET status = status WHERE id = :id"), {"id": conference_id})


def _latest_issue(session: Session, conference_id: int) -> MinuteIssue | None:
    return session.scalars(
        select(MinuteIssue).where(MinuteIssue.conference_id == conference_id).order_by(MinuteIssue.version.desc())
    ).first()


def issue_info(issue: MinuteIssue) -> IssueInfo:
    """Return the print details of a stored issue."""
    issued = issue.issued_at.date() if issue.issued_at else date.today()
    return IssueInfo(issue.version, long_date(issued), _amendments(issue))


def _amendments(issue: MinuteIssue) -> list[Amendment]:
    entries = list(issue.amendments_summary)
    readers: list[int] = []
    if any(isinstance(e, dict) and e.get("restricted") and "readers" not in e for e in entries):
        try:  # stored before audiences: such an amendment reached the recipients cleared then
            readers = legacy_readers(content_from_json(issue.content))
        except (ValueError, TypeError):
            readers = []
    return [Amendment.from_json(entry, readers, n) for n, entry in enumerate(entries, start=1)]


def _freeze(
    session: Session,
    conference: Conference,
    agreed: list[tuple[AmendmentRequest, str]],
    issued_by: str | None,
) -> MinuteIssue:
    if conference.status not in HELD_OR_LATER:
        raise CannotIssueError(["The conference has not been held yet, so there is no minute to issue."])
    reasons = [f.message for f in blocking(check_conference(conference))]
    content = read_minute(session, conference)
    if not content.distribution:
        reasons.append("Nobody is on the distribution list.")
    previous = _latest_issue(session, conference.id)
    version = previous.version + 1 if previous else 1
    amendments = amendment_lines(conference, content, agreed)
    info = IssueInfo(version, long_date(date.today()), amendments)
    reasons.extend(m.describe() for m in check_printable(content, info))
    if reasons:
        raise CannotIssueError(reasons)
    issue = MinuteIssue(
        conference_id=conference.id,
        version=version,
        issued_at=datetime.now(UTC),
        issued_by=issued_by or audit.current_user(),
        content=content_to_json(content),
        amendments_summary=[entry.to_json() for entry in amendments],
    )
    session.add(issue)
    conference.status = ConferenceStatus.AMENDED if version > 1 else ConferenceStatus.ISSUED
    session.flush()
    audit.record(session, "minute.issued", "conference", conference.id, f"version={version} issue={issue.id}")
    return issue


def issue_minute(store: CaseStore, conference_id: int, issued_by: str | None = None) -> IssueSummary:
    """Freeze version 1 of a conference's minute.

    Raises:
        CannotIssueError: a version exists already, the conference was not held,
            a validation finding blocks it, or some text cannot be printed.
    """
    with store.session() as session:
        _lock_for_issue(session, conference_id)
        conference = _conference(session, conference_id)
        if _latest_issue(session, conference_id) is not None:
            raise CannotIssueError(["The minute has already been issued; agree amendments to issue a new version."])
        return _summary(_freeze(session, conference, [], issued_by))


def current_issue(store: CaseStore, conference_id: int) -> IssueSummary | None:
    """Return the newest issued version of a conference's minute, if any."""
    with store.session() as session:
        issue = _latest_issue(session, conference_id)
        return _summary(issue) if issue else None


def ensure_issued(store: CaseStore, conference_id: int, issued_by: str | None = None) -> IssueSummary:
    """Return the current issue, issuing version 1 first when none exists.

    Checking and issuing are one transaction: when another process issues version 1
    meanwhile, that version is returned (never a second one, never a refusal).
    """
    current = current_issue(store, conference_id)
    if current is not None:
        return current
    with store.session() as session:
        _lock_for_issue(session, conference_id)
        conference = _conference(session, conference_id)
        issued = _latest_issue(session, conference_id)
        return _summary(issued if issued is not None else _freeze(session, conference, [], issued_by))


def issue_recipients(store: CaseStore, conference_id: int, version: int | None = None) -> list[Recipient]:
    """Return the distribution list frozen in an issue (the current one by default)."""
    with store.session() as session:
        issue = _issue(session, conference_id, version)
        return list(content_from_json(issue.content).distribution)


def _issue(session: Session, conference_id: int, version: int | None) -> MinuteIssue:
    if version is None:
        issue = _latest_issue(session, conference_id)
    else:
        issue = session.scalars(
            select(MinuteIssue).where(MinuteIssue.conference_id == conference_id, MinuteIssue.version == version)
        ).first()
    if issue is None:
        raise CannotIssueError(["The minute of this conference has not been issued."])
    return issue


def circulate(
    store: CaseStore,
    conference_id: int,
    folder: Path,
    recipients: list[int] | None = None,
    progress: Progress | None = None,
) -> list[WrittenCopy]:
    """Write each recipient's copy of the current issue into a folder and record its distribution.

    Args:
        store: the open store.
        conference_id: the conference whose current issue is circulated.
        folder: an existing folder the user chose.
        recipients: distribution-list numbers to write (every recipient by default).
        progress: called with (done, total, recipient name) after each copy.

    Raises:
        CannotIssueError: no issue exists, or the folder is not usable.
    """
    if not folder.is_dir():
        raise CannotIssueError([f"The folder {folder} does not exist."])
    with store.session() as session:
        issue = _issue(session, conference_id, None)
        content = content_from_json(issue.content)
        info = issue_info(issue)
        issue_id, version = issue.id, issue.version
    chosen = [r for r in content.distribution if recipients is None or r.number in recipients]
    renderer = MinuteRenderer(content, info)
    labels = {i.key: i.label for i in content.restricted_items()}
    labels.update({a.key: f"Amendment {n}" for n, a in enumerate(info.amendments, start=1) if a.restricted})
    written: list[WrittenCopy] = []
    try:
        remove_leftovers(folder)
        for done, recipient in enumerate(chosen, start=1):
            data = renderer.copy_for(recipient)
            path, created = place_copy(folder, copy_file_name(content, version, recipient), data)
            shown = tuple(label for key, label in labels.items() if key in renderer.visible_to(recipient))
            copy = WrittenCopy(recipient.name, version, path, hashlib.sha256(data).hexdigest(), shown)
            # Logged as soon as the file is in place, one transaction per copy: a crash leaves
            # the distribution log and the folder agreeing, copy for copy.
            try:
                _record(store, conference_id, issue_id, recipient, copy)
            except DatabaseError:
                if created:  # not logged, so not left behind
                    path.unlink(missing_ok=True)
                raise
            written.append(copy)
            if progress is not None:
                progress(done, len(chosen), recipient.name)
    except (OSError, StoreError, DatabaseError) as exc:
        found = exc if isinstance(exc, StoreError) else diagnose(exc, [folder])
        reason = str(found) if found is not None else f"A copy could not be written to {folder}."
        done_already = [f"{len(written)} cop{'y was' if len(written) == 1 else 'ies were'} written and recorded."]
        raise CannotIssueError([reason] + (done_already if written else [])) from found
    return written


def _record(store: CaseStore, conference_id: int, issue_id: int, recipient: Recipient, copy: WrittenCopy) -> None:
    with store.session() as session:
        session.add(
            Distribution(
                issue_id=issue_id,
                contact_id=recipient.contact_id,
                recipient_name=recipient.name,
                sent_at=datetime.now(UTC),
                file_name=copy.path.name,
                sha256=copy.sha256,
                restricted_items=list(copy.restricted_items),
            )
        )
        audit.record(session, "minute.circulated", "conference", conference_id, f"issue={issue_id} copies=1")


def request_amendment(
    store: CaseStore,
    conference_id: int,
    requested_by: str,
    request: str,
    requested_on: date | None = None,
    restricted: bool = False,
    concerns: str | None = None,
) -> int:
    """Record who asked for which correction; return the request's id.

    ``restricted``: the request concerns restricted information, so once agreed its text
    is printed only in the copies of its audience: the chair alone, or, with ``concerns``
    (the key of a restricted item, e.g. ``"victim:12"``, which implies ``restricted``),
    exactly the audience of that item.

    Raises:
        CannotIssueError: the minute was never issued, or a field is empty.
    """
    if not requested_by.strip() or not request.strip():
        raise CannotIssueError(["Say who asked for the amendment and what they asked for."])
    with store.session() as session:
        _issue(session, conference_id, None)
        row = AmendmentRequest(
            conference_id=conference_id,
            requested_by=requested_by.strip(),
            requested_on=requested_on or date.today(),
            request=request.strip(),
            restricted=restricted or concerns is not None,
            audience={CONCERNS: concerns} if concerns else {},
        )
        session.add(row)
        session.flush()
        audit.record(session, "minute.amendment_requested", "amendment_request", row.id, f"conference={conference_id}")
        return row.id


def decide_amendment(
    store: CaseStore,
    amendment_id: int,
    agree: bool,
    chair_note: str = "",
    restricted: bool | None = None,
    concerns: str | None = None,
) -> None:
    """Record the chair's decision on an amendment request.

    ``restricted``, when given, sets whether the request concerns restricted information
    (the chair may mark it so when deciding); None leaves it as recorded. ``concerns``, when
    given, names the restricted item it is about: its text then reaches that item's audience.

    Raises:
        CannotIssueError: no such request, or it was already applied in a version.
    """
    with store.session() as session:
        row = session.get(AmendmentRequest, amendment_id)
        if row is None:
            raise CannotIssueError(["There is no such amendment request."])
        if row.applied_in_version is not None:
            raise CannotIssueError([f"This amendment was already issued in version {row.applied_in_version}."])
        row.status = AmendmentStatus.AGREED if agree else AmendmentStatus.DECLINED
        row.chair_note = chair_note.strip()
        row.decided_on = date.today()
        if restricted is not None:
            row.restricted = restricted
        if concerns is not None:
            row.restricted = True
            row.audience = {**row.audience, CONCERNS: concerns}
        audit.record(
            session,
            "minute.amendment_decided",
            "amendment_request",
            row.id,
            f"agreed={agree} restricted={row.restricted}",
        )


def reissue(store: CaseStore, conference_id: int, issued_by: str | None = None) -> IssueSummary:
    """Issue the next version with every agreed, not yet issued amendment listed on its front sheet.

    The content is taken afresh from the record, which the amendments were applied to.

    Raises:
        CannotIssueError: nothing agreed is waiting, or issuing is blocked.
    """
    with store.session() as session:
        _lock_for_issue(session, conference_id)
        conference = _conference(session, conference_id)
        _issue(session, conference_id, None)
        agreed = session.scalars(
            select(AmendmentRequest)
            .where(
                AmendmentRequest.conference_id == conference_id,
                AmendmentRequest.status == AmendmentStatus.AGREED,
                AmendmentRequest.applied_in_version.is_(None),
            )
            .order_by(AmendmentRequest.id)
        ).all()
        if not agreed:
            raise CannotIssueError(["No agreed amendment is waiting to be issued."])
        lines = [
            (
                row,
                f"{row.request} (asked by {row.requested_by}"
                + (f"; chair: {row.chair_note})" if row.chair_note else "; agreed by the chair)"),
            )
            for row in agreed
        ]
        issue = _freeze(session, conference, lines, issued_by)
        for row in agreed:
            row.applied_in_version = issue.version
        return _summary(issue)
