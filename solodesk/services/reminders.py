"""Reminder letters (PDF) and e-mail drafts (``.eml``) for each owner's actions, written to a folder.

Nothing is sent: a draft is a file the chair opens in their mail program, checks
and sends by a route fit for the protective marking. File names, the e-mail's
subject and its body never name a subject (they show in folder listings, mail
lists and previews); the letter itself names each case as the invitation letters
do, under the marking.
"""

import contextlib
from dataclasses import dataclass
from datetime import date
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

from solodesk.reports.reminder_letters import ReminderLetter, ReminderRow, due_phrase, render_reminder
from solodesk.services import audit
from solodesk.services.chasing import Chair, ChasedAction, ChaseList, OwnerChase, store_chase_list
from solodesk.services.minute_content import long_date
from solodesk.services.minute_files import ascii_fold, place_copy
from solodesk.store import CaseStore

# The audit detail lists ids up to this many, then a count of the rest.
_AUDIT_IDS = 400


class ChaseFolderError(ValueError):
    """The chosen folder cannot take the letters; the message says why (nothing was written)."""


@dataclass(frozen=True)
class ChaseResult:
    """What was written.

    Attributes:
        drafts_without_address: drafts written with no recipient (no usable address in the directory).
        unowned_actions: actions overdue or due soon with no owner named, so not chased.
    """

    letters: list[Path]
    drafts: list[Path]
    actions: int
    drafts_without_address: int
    unowned_actions: int

    def sentence(self, folder: Path) -> str:
        """Return what was written, in a sentence or three, for the desk and the command line."""
        if not self.letters:
            out = "Nobody to chase: no owner has an action overdue or due within 14 days."
        else:
            out = f"Wrote {_count(len(self.letters), 'reminder letter')} ({_count(self.actions, 'action')})"
            out += f" and {_count(len(self.drafts), 'e-mail draft')}" if self.drafts else ""
            out += f" into {folder}."
        unaddressed = self.drafts_without_address
        if unaddressed:
            has = "has" if unaddressed == 1 else "have"
            out += f" {_count(unaddressed, 'draft')} {has} no recipient: the directory has no e-mail address for"
            out += " that owner." if unaddressed == 1 else " those owners."
        if self.unowned_actions:
            one = self.unowned_actions == 1
            out += f" {_count(self.unowned_actions, 'action')} {'has' if one else 'have'} no owner named and"
            out += " was not chased." if one else " were not chased."
        return out


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _state(action: ChasedAction, as_of: date) -> str:
    days = (action.due - as_of).days
    if days < 0:
        return f"Overdue by {_count(-days, 'day')}"
    return "Due today" if days == 0 else f"Due in {_count(days, 'day')}"


def conference_text(action: ChasedAction) -> str:
    """Return the conference an action came from, by kind, date and reference ("Review conference, ...")."""
    if action.conference_id is None:
        return "Not agreed at a recorded conference"
    when = long_date(action.conference_date) or "date not set"
    return f"{action.conference_kind or 'Case'} conference, {when}, ref {action.conference_id}"


def _signer(owner: OwnerChase, chairs: dict[int, Chair]) -> tuple[str, str]:
    """Return (signed by, reply to): the chair when one chaired every conference listed."""
    ids = {a.chair_id for a in owner.actions}
    only = next(iter(ids)) if len(ids) == 1 else None
    chair = chairs.get(only) if only is not None else None
    if chair is None:
        return "Chair, risk management case conferences", ""
    signed = f"{chair.name}, {chair.agency}" if chair.agency else chair.name
    return f"{signed} (chair)", ", ".join(x for x in (chair.phone, chair.email) if x)


def reminder_letter(chase: ChaseList, owner: OwnerChase) -> ReminderLetter:
    """Return the plain data of one owner's reminder letter."""
    settings = chase.settings
    signed_by, reply_to = _signer(owner, chase.chairs)
    return ReminderLetter(
        organisation=settings.organisation_name or "Social Work Services",
        marking=settings.protective_marking,
        letter_date=long_date(chase.as_of),
        as_of=long_date(chase.as_of),
        due_by=long_date(chase.due_by),
        owner_name=owner.owner,
        owner_agency=owner.agency,
        owner_email=owner.email,
        signed_by=signed_by,
        reply_to=reply_to,
        confidentiality=settings.confidentiality_statement,
        rows=[
            ReminderRow(
                due=long_date(a.due),
                state=_state(a, chase.as_of),
                overdue=a.overdue,
                status=a.status,
                description=a.description,
                case=f"{a.subject_name} (case {a.subject_id})",
                conference=conference_text(a),
            )
            for a in owner.actions
        ],
    )


def _address(owner: OwnerChase) -> Address | None:
    """Return the owner's address for the To line, or None when there is none or it is not an address."""
    if not owner.email or any(ord(c) < 32 or c == "\x7f" for c in owner.email):
        return None
    try:
        return Address(display_name=owner.owner, addr_spec=owner.email)
    except (ValueError, IndexError, HeaderParseError):
        return None


def reminder_draft(chase: ChaseList, owner: OwnerChase, letter_name: str, pdf: bytes) -> tuple[bytes, bool]:
    """Return an unsent ``.eml`` draft with the letter attached, and whether it has a recipient.

    The subject and body name no case: mail lists and previews show them.
    """
    message = EmailMessage(policy=policy.default)
    address = _address(owner)
    if address is not None:
        message["To"] = address
    overdue = owner.overdue
    count = len(owner.actions)
    message["Subject"] = f"Reminder: {_count(count, 'action')} from risk management case conferences"
    message["X-Unsent"] = "1"  # opens as a draft to send in Outlook; other programs show it as a message
    signed_by, _ = _signer(owner, chase.chairs)
    due_by = long_date(chase.due_by)
    message.set_content(
        f"Dear {owner.owner},\n\n"
        f"Attached is a reminder of {_count(count, 'action')} agreed at risk management case conferences with you "
        f"as the owner. As of {long_date(chase.as_of)}, {due_phrase(overdue, count - overdue, due_by)}.\n\n"
        "Please complete them, or reply with what has been done and when the rest will be.\n\n"
        f"The letter is marked {chase.settings.protective_marking}: please handle it at that marking.\n\n"
        f"{signed_by}\n"
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=letter_name)
    return message.as_bytes(), address is not None


def _stem(chase: ChaseList, number: int, owner: OwnerChase) -> str:
    return f"{chase.as_of.isoformat()}_action-reminder_{number:02d}_{ascii_fold(owner.owner)}"


def _record(store: CaseStore, chase: ChaseList, letters: int, drafts: int, owners: list[OwnerChase]) -> None:
    """Audit what was written: ids and counts only."""
    owner_ids = [o.owner_id for o in owners]
    action_ids = [a.action_id for o in owners for a in o.actions]

    def ids(values: list[int]) -> str:
        listed = ",".join(str(v) for v in values[:_AUDIT_IDS])
        return listed + (f",+{len(values) - _AUDIT_IDS} more" if len(values) > _AUDIT_IDS else "")

    detail = (
        f"as_of={chase.as_of.isoformat()} letters={letters} drafts={drafts} actions={len(action_ids)} "
        f"owners={ids(owner_ids)} action_ids={ids(action_ids)}"
    )
    with store.session() as session:
        audit.record(session, "actions.reminders_written", "contact", None, detail)


def write_reminders(store: CaseStore, as_of: date, folder: Path, drafts: bool = False) -> ChaseResult:
    """Write one reminder letter per owner, and optionally an ``.eml`` draft each, into a folder.

    Every letter is rendered before the first file is written, so text the font cannot
    print stops the run with nothing written. A file already in the folder is never
    replaced: a new one takes the next free name (``…-2.pdf``).

    Raises:
        ChaseFolderError: the folder does not exist or is not a folder.
        UnprintableTextError: some text cannot be printed (nothing written).
        StoreError: the disk is full, read-only or forbidden (what was written is audited).
    """
    if not folder.is_dir():
        raise ChaseFolderError(f"The folder {folder} does not exist; choose another.")
    chase = store_chase_list(store, as_of)
    rendered: list[tuple[OwnerChase, str, bytes, bytes | None, bool]] = []
    for number, owner in enumerate(chase.owners, start=1):
        stem = _stem(chase, number, owner)
        pdf = render_reminder(reminder_letter(chase, owner))
        eml, addressed = reminder_draft(chase, owner, stem + ".pdf", pdf) if drafts else (None, True)
        rendered.append((owner, stem, pdf, eml, addressed))
    letters: list[Path] = []
    written_drafts: list[Path] = []
    done: list[OwnerChase] = []
    try:
        for owner, stem, pdf, eml, _ in rendered:
            letters.append(place_copy(folder, stem + ".pdf", pdf)[0])
            done.append(owner)
            if eml is not None:
                written_drafts.append(place_copy(folder, stem + ".eml", eml)[0])
    except BaseException:
        if done:
            with contextlib.suppress(Exception):  # the write's own error is the one to report
                _record(store, chase, len(letters), len(written_drafts), done)
        raise
    if done:
        _record(store, chase, len(letters), len(written_drafts), done)
    return ChaseResult(
        letters=letters,
        drafts=written_drafts,
        actions=chase.action_count,
        drafts_without_address=sum(1 for *_, eml, addressed in rendered if eml is not None and not addressed),
        unowned_actions=chase.unowned_actions,
    )
