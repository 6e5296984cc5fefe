"""Read-only views of a conference's minute for the GUI and CLI, plus clearance ticks.

Widgets call these functions with a store and ids and get plain dataclasses
back; none of them keeps a session open.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from solodesk.models import AmendmentRequest, Conference, Distribution, Invitation, MinuteIssue
from solodesk.reports.minute_data import IssueInfo, Recipient, RestrictedItem
from solodesk.reports.minute_pdf import PREVIEW_NAME, MinuteRenderer
from solodesk.reports.minute_snapshot import content_from_json
from solodesk.services.clearance import clear_for_every_item, cleared_for_every_item
from solodesk.services.minute_content import long_date, read_minute
from solodesk.services.minute_files import fold_key
from solodesk.services.minute_issue import HELD_OR_LATER, CannotIssueError, issue_info
from solodesk.store import CaseStore


@dataclass(frozen=True)
class RecipientRow:
    """An invitee as the circulate dialog shows them.

    Attributes:
        invitation_id: the invitation whose ticks the dialog changes.
        receives_minute: on the distribution list.
        cleared: their copy would show every restricted item (see :mod:`solodesk.services.clearance`).
    """

    invitation_id: int
    name: str
    agency: str
    receives_minute: bool
    cleared: bool


@dataclass(frozen=True)
class DistributionRow:
    """One line of the distribution log.

    Attributes:
        restricted_items: the restricted items the copy contained ("Victim 1", "Amendment 2").
    """

    version: int
    recipient: str
    sent_at: datetime
    file_name: str
    sha256: str
    restricted_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class AmendmentRow:
    """One amendment request and what the chair decided.

    Attributes:
        restricted: it concerns restricted information (its text reaches its audience only).
    """

    amendment_id: int
    requested_by: str
    requested_on: date | None
    request: str
    status: str
    chair_note: str
    applied_in_version: int | None
    restricted: bool = False


@dataclass(frozen=True)
class MinuteState:
    """Where a conference's minute stands."""

    conference_id: int
    title: str
    held: bool
    current_version: int | None
    status: str


def minute_state(store: CaseStore, conference_id: int) -> MinuteState:
    """Return the conference's title, whether it was held and its current minute version.

    Raises:
        CannotIssueError: there is no such conference.
    """
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise CannotIssueError([f"There is no conference {conference_id} in this store."])
        version = session.scalar(
            select(MinuteIssue.version)
            .where(MinuteIssue.conference_id == conference_id)
            .order_by(MinuteIssue.version.desc())
        )
        title = (
            f"{conference.subject.full_name}: {conference.kind.label} conference, {long_date(conference.meeting_date)}"
        )
        return MinuteState(conference_id, title, conference.status in HELD_OR_LATER, version, conference.status.label)


def latest_held_conference(store: CaseStore) -> int | None:
    """Return the id of the most recent conference that has been held, if any."""
    with store.session() as session:
        return session.scalar(
            select(Conference.id)
            .where(Conference.status.in_(HELD_OR_LATER))
            .order_by(Conference.meeting_date.desc().nulls_last(), Conference.id.desc())
        )


def invitees(store: CaseStore, conference_id: int) -> list[RecipientRow]:
    """Return every invitee with their distribution tick and whether they see every restricted item."""
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            return []
        content = read_minute(session, conference)
        rows = session.scalars(
            select(Invitation).where(Invitation.conference_id == conference_id).order_by(Invitation.id)
        ).all()
        return [
            RecipientRow(
                i.id,
                i.contact.name,
                i.contact.agency_name,
                i.receives_minute,
                cleared_for_every_item(content, i.contact_id),
            )
            for i in rows
        ]


def set_ticks(store: CaseStore, invitation_id: int, receives_minute: bool, cleared: bool) -> None:
    """Set whether an invitee receives the minute and sees every restricted item.

    Ticking "cleared" adds the person to the audience of every restricted item; unticking
    withholds every one from them (the clearance matrix sets items one by one). The ticks
    take effect at the next issue; an issued version keeps the list it froze.
    """
    with store.session() as session:
        invitation = session.get(Invitation, invitation_id)
        if invitation is None:
            raise CannotIssueError(["There is no such invitee."])
        invitation.receives_minute = receives_minute
        session.flush()
        content = read_minute(session, invitation.conference)
        if cleared != cleared_for_every_item(content, invitation.contact_id):
            clear_for_every_item(session, invitation.conference, invitation.contact_id, cleared)


def distribution_log(store: CaseStore, conference_id: int) -> list[DistributionRow]:
    """Return who was sent which version when: newest version and circulation first, in list order."""
    with store.session() as session:
        rows = session.execute(
            select(MinuteIssue.version, Distribution)
            .join(Distribution, Distribution.issue_id == MinuteIssue.id)
            .where(MinuteIssue.conference_id == conference_id)
            .order_by(MinuteIssue.version.desc(), Distribution.sent_at.desc(), Distribution.id)
        ).all()
        return [
            DistributionRow(v, d.recipient_name, d.sent_at, d.file_name, d.sha256, tuple(d.restricted_items))
            for v, d in rows
        ]


def amendments(store: CaseStore, conference_id: int) -> list[AmendmentRow]:
    """Return every amendment request of a conference, oldest first."""
    with store.session() as session:
        rows = session.scalars(
            select(AmendmentRequest)
            .where(AmendmentRequest.conference_id == conference_id)
            .order_by(AmendmentRequest.id)
        ).all()
        return [
            AmendmentRow(
                r.id,
                r.requested_by,
                r.requested_on,
                r.request,
                r.status.label,
                r.chair_note,
                r.applied_in_version,
                r.restricted,
            )
            for r in rows
        ]


def find_recipient(recipients: list[Recipient], name: str) -> Recipient | None:
    """Return the recipient whose name matches, ignoring case and accents (whole name, or a unique part)."""
    wanted = fold_key(name)
    exact = [r for r in recipients if fold_key(r.name) == wanted]
    if exact:
        return exact[0]
    partial = [r for r in recipients if wanted and wanted in fold_key(r.name)]
    return partial[0] if len(partial) == 1 else None


def preview_renderer(store: CaseStore, conference_id: int) -> MinuteRenderer:
    """Return a renderer of the current issue, or of a draft from the live record when none is issued.

    Raises:
        CannotIssueError: no such conference.
        UnprintableTextError: some text cannot be printed.
    """
    with store.session() as session:
        issue = session.scalars(
            select(MinuteIssue).where(MinuteIssue.conference_id == conference_id).order_by(MinuteIssue.version.desc())
        ).first()
        if issue is not None:
            return MinuteRenderer(content_from_json(issue.content), issue_info(issue))
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise CannotIssueError([f"There is no conference {conference_id} in this store."])
        content = read_minute(session, conference)
    return MinuteRenderer(content, IssueInfo(0, long_date(date.today()), draft=True))


def draft_pdf(store: CaseStore, conference_id: int) -> bytes:
    """Return the minute as the live record prints now: a draft, the chair's own copy with every restricted item.

    Chair mode previews this: it is laid out from the same story as every issued copy, so what the
    chair sees is exactly what will print.

    Raises:
        CannotIssueError: no such conference.
        UnprintableTextError: some text cannot be printed.
    """
    with store.session() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise CannotIssueError([f"There is no conference {conference_id} in this store."])
        content = read_minute(session, conference)
    renderer = MinuteRenderer(content, IssueInfo(0, long_date(date.today()), draft=True))
    return renderer.copy_for(Recipient(0, PREVIEW_NAME, cleared=True))


def preview_pdf(store: CaseStore, conference_id: int, recipient_number: int | None = None) -> bytes:
    """Return the minute as it will print for one recipient (the first on the list by default).

    With nobody on the distribution list, a copy for "the chair's file" (cleared) is shown.
    """
    renderer = preview_renderer(store, conference_id)
    recipients = renderer.content.distribution
    chosen = next((r for r in recipients if r.number == recipient_number), recipients[0] if recipients else None)
    return renderer.copy_for(chosen or Recipient(0, "the chair's file", cleared=True))


def issued_restricted_items(store: CaseStore, conference_id: int) -> list[RestrictedItem]:
    """Return the restricted items of the current issue (what an amendment may concern), in print order."""
    with store.session() as session:
        issue = session.scalars(
            select(MinuteIssue).where(MinuteIssue.conference_id == conference_id).order_by(MinuteIssue.version.desc())
        ).first()
        if issue is None:
            return []
        return [i for i in content_from_json(issue.content).restricted_items() if ":" in i.key]
