"""Handing a conference between laptops with no server: the chair's laptop to the minute-taker's and back.

"Hand over conference…" writes an encrypted ``.solopack`` (content version 3) carrying the
conference whole and what its minute needs; importing it on the assistant's laptop creates or
updates that conference; she types up, issues and circulates; her handover back brings the
minute issues, the copies sent and amendment requests home. Each import shows what it will
change first, writes in one transaction, takes the other side's edits where only they
changed, lists records changed on both sides with both versions for a choice, never widens
who may see a restricted item, and changes nothing when run twice.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk import __version__
from solodesk.models import Conference
from solodesk.services import audit
from solodesk.services.handover import apply as applying
from solodesk.services.handover import collect, document
from solodesk.services.handover.document import HandoverContents
from solodesk.services.handover.plan import Status, Step, plan
from solodesk.services.packs import checks
from solodesk.services.packs import format as pack_format
from solodesk.services.packs.exporter import write_output
from solodesk.services.packs.format import PackError
from solodesk.services.packs.importer import Choice
from solodesk.store import CaseStore, check_passphrase_rules
from solodesk.store.writer_lock import StoreReadOnlyError

__all__ = [
    "Choice",
    "ConflictsNeedChoiceError",
    "HandoverConflict",
    "HandoverContents",
    "HandoverExport",
    "HandoverLine",
    "HandoverPreview",
    "HandoverResult",
    "apply_handover",
    "export_handover",
    "import_into",
    "preview_in",
    "preview_handover",
    "read_handover",
]


@dataclass(frozen=True)
class HandoverExport:
    """What a handover export wrote."""

    path: Path
    records: int
    size: int


@dataclass(frozen=True)
class HandoverLine:
    """One record of a preview: its kind, a short description and what the import does to it."""

    kind: str
    summary: str
    status: str
    restricted: bool


@dataclass(frozen=True)
class HandoverConflict:
    """A record changed on both computers since they last exchanged it.

    Attributes:
        key: the key of the choices mapping.
        label: what it is ("Agenda notes: Risk management plan").
        mine: this store's version of the differing fields.
        theirs: the pack's version.
        can_take_theirs: False for an issued minute or a sent copy, which are never rewritten.
    """

    key: str
    label: str
    mine: str
    theirs: str
    can_take_theirs: bool = True


@dataclass(frozen=True)
class HandoverPreview:
    """What importing a handover would do, computed without writing anything."""

    subject_name: str
    conference: str
    sent_by: str
    creates_case: bool
    creates_conference: bool
    lines: tuple[HandoverLine, ...]
    conflicts: tuple[HandoverConflict, ...]

    def count(self, status: str) -> int:
        """Return how many records the import treats so (a :class:`Status` value)."""
        return sum(1 for line in self.lines if line.status == status)


@dataclass(frozen=True)
class HandoverResult:
    """What an import did."""

    subject_id: int
    conference_id: int
    added: int
    updated: int
    unchanged: int
    kept: int


class ConflictsNeedChoiceError(Exception):
    """Records changed on both sides and no choice was given for them (exit 5); lists them."""

    exit_code = 5

    def __init__(self, conflicts: tuple[HandoverConflict, ...]) -> None:
        lines = [f"{c.label}: here {c.mine} | in the pack {c.theirs}" for c in conflicts]
        super().__init__(
            f"{len(conflicts)} record(s) changed on both computers; choose --take-theirs or --keep-mine:\n"
            + "\n".join(lines)
        )
        self.conflicts = conflicts


def export_handover(
    store: CaseStore, conference_id: int, path: Path, passphrase: str, overwrite: bool = False
) -> HandoverExport:
    """Encrypt one conference's handover into a pack file, written whole or not at all.

    Raises:
        ValueError: the pack passphrase is too short.
        LookupError: there is no such conference.
        PackError: the file cannot be written.
    """
    check_passphrase_rules(passphrase)
    if store.read_only_reason is not None:
        # Handing over records what was handed (below): refused before any file is written.
        raise StoreReadOnlyError(store.read_only_reason)
    path = Path(path)
    write_output(path, None, overwrite)
    with store.session() as session:
        conference, records = collect.collect(session, conference_id)
        contents = HandoverContents(
            focus=conference.uuid,
            records=records,
            exported_at=datetime.now(UTC).isoformat(timespec="seconds"),
            app_version=__version__,
            sent_by=store.actor,
        )
    data = pack_format.seal(document.encode(contents), passphrase)
    write_output(path, data, overwrite)
    with store.session() as session:
        # Only once the file is there: what it carried is now the version both sides share.
        applying.remember_exported(session, records, contents.focus)
        audit.record(session, "handover.exported", "conference", conference_id, detail=f"{len(records)} records")
    return HandoverExport(path, len(records), len(data))


def read_handover(path: Path, passphrase: str) -> HandoverContents:
    """Decrypt and read a handover pack; nothing is written anywhere.

    Raises:
        PackError: unreadable, too large, altered, wrongly keyed, or a preparation pack.
    """
    payload = pack_format.open_sealed(checks.read_bounded(Path(path)), passphrase)
    if not document.is_handover(payload):
        raise PackError("This pack carries a worker's preparation, not a conference: import it with Import pack.")
    return document.decode(payload)


def preview_handover(store: CaseStore, contents: HandoverContents) -> HandoverPreview:
    """Return what importing the handover would change, writing nothing.

    Raises:
        PackError: the pack is refused (a value, file or reference is not valid, or it names another case).
    """
    with store.session() as session:
        return preview_in(session, contents)


def preview_in(session: Session, contents: HandoverContents, bases: dict[str, str] | None = None) -> HandoverPreview:
    """Return what importing records into a session's store would change (see :func:`import_into`)."""
    planned = plan(session, contents, bases)
    focus = next(s for s in planned.steps if s.record.uuid == contents.focus)
    subject = planned.steps[0].theirs
    names = {s.record.uuid: str(s.theirs["name"]) for s in planned.steps if s.kind.name == "contact"}
    return HandoverPreview(
        subject_name=f"{subject['forenames']} {subject['surname']}".strip(),
        conference=_conference_label(focus.theirs),
        sent_by=contents.sent_by,
        creates_case=planned.subject is None,
        creates_conference=focus.local is None,
        lines=tuple(
            HandoverLine(s.kind.label, _summary(s, names), s.status.value, bool(s.theirs.get("restricted", False)))
            for s in planned.steps
            if not s.reference
        ),
        conflicts=tuple(_conflict(s) for s in planned.steps if s.status == Status.CONFLICT),
    )


def apply_handover(
    store: CaseStore,
    contents: HandoverContents,
    choices: dict[str, Choice] | None = None,
    default: Choice | None = None,
) -> HandoverResult:
    """Import a handover in one transaction; a failure (or a kill) leaves the store as it was.

    Args:
        store: the open store.
        contents: what :func:`read_handover` returned.
        choices: conflict key -> the user's choice.
        default: the choice for conflicts not in ``choices``; None refuses to guess.

    Raises:
        ConflictsNeedChoiceError: a conflict has no choice and there is no default.
        PackError: the pack is refused.
    """
    with store.session() as session:
        result = import_into(session, contents, choices, default)
        if result.added or result.updated:
            detail = f"added {result.added}; updated {result.updated}; kept {result.kept}"
            audit.record(session, "handover.imported", "conference", result.conference_id, detail=detail)
        return result


def import_into(
    session: Session,
    contents: HandoverContents,
    choices: dict[str, Choice] | None = None,
    default: Choice | None = None,
    bases: dict[str, str] | None = None,
) -> HandoverResult:
    """Import a handover's records in the caller's transaction (see :func:`apply_handover`).

    Args:
        session: the importing store's session.
        contents: the records.
        choices: conflict key -> the user's choice.
        default: the choice for conflicts not in ``choices``; None refuses to guess.
        bases: the versions last exchanged, when the sender keeps them (see :func:`plan.plan`).
    """
    choices = choices or {}
    planned = plan(session, contents, bases)
    open_conflicts = tuple(
        _conflict(s) for s in planned.steps if s.status == Status.CONFLICT and applying.conflict_key(s) not in choices
    )
    if open_conflicts and default is None:
        raise ConflictsNeedChoiceError(open_conflicts)
    # The sender keeps the versions when it gives them (a check-in); else this store does.
    counts = applying.write(session, planned, choices, default or Choice.KEEP_MINE, remember=bases is None)
    focus_uuid = planned.uuid_map[contents.focus]
    conference = session.scalars(select(Conference).where(Conference.uuid == focus_uuid)).one()
    return HandoverResult(
        conference.subject_id,
        conference.id,
        added=counts[Status.NEW],
        updated=counts[Status.UPDATE],
        unchanged=counts[Status.SAME],
        kept=counts[Status.KEEP],
    )


def _conference_label(values: dict[str, object]) -> str:
    day = values.get("meeting_date")
    kind = values.get("kind")
    label = getattr(kind, "label", str(kind))
    return f"{label} conference, {day:%d %B %Y}" if day else f"{label} conference (no date yet)"


def _summary(step: Step, names: dict[str, str] | None = None) -> str:
    values = step.theirs
    if step.kind.name == "invitation" and names:
        invitee = names.get(step.record.refs.get("contact_id") or "", "")
        return invitee[:100]
    for name in ("description", "decision", "to_whom", "title", "text", "tool", "name", "recipient_name", "request"):
        if isinstance(values.get(name), str) and values[name]:
            text = values[name]
            break
    else:
        if step.kind.name == "agenda_note":
            text = values["item"].label
        elif step.kind.name == "minute_issue":
            text = f"version {values['version']}"
        elif step.kind.name == "subject":
            text = f"{values['forenames']} {values['surname']}"
        elif step.kind.name == "conference":
            text = _conference_label(values)
        else:
            text = ""
    text = " ".join(text.split())
    return text if len(text) <= 100 else text[:97] + "…"


def _conflict(step: Step) -> HandoverConflict:
    names = step.differing or ("content",)
    mine = " · ".join(f"{_label(n)}: {_plain(getattr(step.local, n, None))}" for n in names)
    theirs = " · ".join(f"{_label(n)}: {_plain(step.theirs.get(n))}" for n in names)
    return HandoverConflict(
        applying.conflict_key(step),
        f"{step.kind.label}: {_summary(step)}",
        mine,
        theirs,
        can_take_theirs=step.kind.name not in ("minute_issue", "distribution"),
    )


def _label(name: str) -> str:
    return name.replace("_id", "").replace("_", " ").capitalize()


def _plain(value: object) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict) and "contacts" in value:  # an audience: who, in words (ids mean nothing here)
        kinds = [str(k) for k in value.get("kinds", [])]
        named = len(value.get("contacts", []))
        parts = kinds + ([f"{named} named {'person' if named == 1 else 'people'}"] if named else [])
        return ", ".join(parts) + " and the chair" if parts else "the chair only"
    label = getattr(value, "label", None)
    text = str(label if label is not None else value)
    return text if len(text) <= 200 else text[:197] + "…"
