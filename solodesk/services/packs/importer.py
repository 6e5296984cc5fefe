"""Reading a pack, previewing what it would change, and importing it in one transaction.

Nothing is ever overwritten silently: an item already in the store with other
content, or a subject field that differs, is a conflict the user decides
(keep mine / take theirs). Importing the same pack twice adds nothing.

Items are looked up only among the matched case's own records. A pack that
names a record of another case in this store is refused whole, before anything
of that record is read. A restriction is never lowered by an import: when the
store's item is restricted it stays restricted, whichever version is taken (to
lift a restriction, do it on this computer); a pack that restricts an item is a
conflict like any other field.
"""

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from solodesk.models import AgencyReport, Attachment, ItemIdentity, Subject
from solodesk.services import audit
from solodesk.services.packs import audiences, checks
from solodesk.services.packs import format as pack_format
from solodesk.services.packs.format import PackError
from solodesk.services.packs.kinds import (
    FOREIGN_ITEM,
    KINDS,
    SUBJECT_FIELDS,
    Kind,
    decode_fields,
    encode_value,
    find_by_uuid,
    owner_of,
    records_of,
    summary_of,
)
from solodesk.services.packs.payload import PackContents, PackItem, decode_payload
from solodesk.store import CaseStore

NEW = "new"
SAME = "already here"
CONFLICT = "conflict"


class Choice(enum.StrEnum):
    """The user's answer to one conflict."""

    KEEP_MINE = "keep_mine"
    TAKE_THEIRS = "take_theirs"


@dataclass(frozen=True)
class Conflict:
    """One difference between the store and the pack.

    Attributes:
        key: stable id of the conflict, the key of the choices mapping.
        label: what differs ("Subject: Surname", "Agency report: Housing report").
        mine: the store's version of the differing fields.
        theirs: the pack's version of the differing fields.
    """

    key: str
    label: str
    mine: str
    theirs: str


@dataclass(frozen=True)
class PreviewItem:
    """One item of the pack as a preview shows it."""

    kind: str
    summary: str
    status: str
    restricted: bool


@dataclass(frozen=True)
class ImportPreview:
    """What importing a pack would do, computed without writing anything.

    Attributes:
        matched_by: how the subject was matched ("ViSOR reference", ...), or "" for a new case.
    """

    subject_name: str
    date_of_birth: str
    references: str
    subject_id: int | None
    matched_by: str
    items: tuple[PreviewItem, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def creates_case(self) -> bool:
        """Return True when the pack's subject is not in the store yet."""
        return self.subject_id is None

    def count(self, status: str) -> int:
        """Return how many items have a status (NEW, SAME or CONFLICT)."""
        return sum(1 for item in self.items if item.status == status)


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    subject_id: int
    created_case: bool
    added: int
    updated: int
    unchanged: int
    kept: int


@dataclass
class _Entry:
    item: PackItem
    kind: Kind
    theirs: dict[str, Any]
    local: Any
    status: str
    differing: tuple[str, ...] = ()
    twin: bool = False


@dataclass
class _Plan:
    subject: Subject | None
    matched_by: str
    theirs_subject: dict[str, Any]
    subject_differing: tuple[str, ...]
    entries: list[_Entry] = field(default_factory=list)


def read_pack(path: Path, passphrase: str) -> PackContents:
    """Decrypt and check a pack file completely; nothing is written anywhere.

    The file's size is checked before it is read, and every field, uuid and
    attached file is checked before anything is shown (see :mod:`.checks`).

    Raises:
        PackError: unreadable, too large, truncated, altered, wrongly keyed, out of bounds, or not understood.
    """
    contents = decode_payload(pack_format.open_sealed(checks.read_bounded(Path(path)), passphrase))
    checks.check_contents(contents)
    return contents


def preview_import(store: CaseStore, contents: PackContents) -> ImportPreview:
    """Return what importing the pack would add and where it conflicts, writing nothing."""
    with store.session() as session:
        plan = _plan(session, contents, store.store_id)
        conflicts = [
            Conflict(f"subject:{name}", f"Subject: {_label(name)}", *_show(plan.subject, plan.theirs_subject, (name,)))
            for name in plan.subject_differing
        ]
        for entry in plan.entries:
            if entry.status == CONFLICT:
                label = f"{entry.kind.label}: {summary_of(entry.kind, entry.item.fields)}"
                conflicts.append(Conflict(_key(entry), label, *_show(entry.local, entry.theirs, entry.differing)))
        subject = contents.subject
        refs = ", ".join(
            f"{lbl} {subject[n]}" for n, lbl in (("visor_ref", "ViSOR"), ("police_ref", "Police")) if subject[n]
        )
        return ImportPreview(
            subject_name=f"{subject['forenames']} {subject['surname']}".strip(),
            date_of_birth=subject["date_of_birth"] or "",
            references=refs,
            subject_id=plan.subject.id if plan.subject is not None else None,
            matched_by=plan.matched_by,
            items=tuple(
                PreviewItem(
                    entry.kind.label,
                    summary_of(entry.kind, entry.item.fields),
                    entry.status,
                    bool(entry.theirs.get("restricted", False)),
                )
                for entry in plan.entries
            ),
            conflicts=tuple(conflicts),
        )


def apply_import(
    store: CaseStore,
    contents: PackContents,
    choices: Mapping[str, Choice] | None = None,
    default: Choice = Choice.KEEP_MINE,
) -> ImportResult:
    """Import a pack in one transaction; a failure leaves the store as it was.

    Args:
        store: the open store.
        contents: what :func:`read_pack` returned.
        choices: conflict key -> the user's choice.
        default: the choice for conflicts not in ``choices``.
    """
    choices = choices or {}
    with store.session() as session:
        plan = _plan(session, contents, store.store_id)
        created = plan.subject is None
        subject = plan.subject or Subject(**plan.theirs_subject)
        if created:
            session.add(subject)
        kept = updated = 0
        for name in plan.subject_differing:
            if choices.get(f"subject:{name}", default) == Choice.TAKE_THEIRS:
                setattr(subject, name, plan.theirs_subject[name])
                updated += 1
            else:
                kept += 1
        session.flush()
        added = 0
        # The pack's reports as they are in this store, for their attachments.
        reports = {e.item.uuid: e.local for e in plan.entries if isinstance(e.local, AgencyReport)}
        # Reports before their attachments, whatever the order in the file.
        for entry in sorted(plan.entries, key=lambda e: e.kind.model is Attachment):
            was_restricted = bool(getattr(entry.local, "restricted", False))
            if entry.status == NEW:
                _add(session, subject, entry, reports)
                added += 1
            elif entry.status == CONFLICT and choices.get(_key(entry), default) == Choice.TAKE_THEIRS:
                for name in entry.differing:
                    setattr(entry.local, name, entry.theirs[name])
                if isinstance(entry.local, Attachment):
                    entry.local.data = _checked_blob(entry)
                updated += 1
            elif entry.status == CONFLICT:
                kept += 1
            elif entry.twin and not entry.kind.has_uuid_column:
                _link(session, entry)
            if entry.local is not None:  # never widened: the narrower audience, restricted if either is
                audiences.settle(session, entry.local, was_restricted, entry.item.fields)
        if added or updated or created:
            detail = f"added {added}; updated {updated}; kept {kept}"
            audit.record(session, "pack.imported", "subject", subject.id, detail=detail)
        unchanged = sum(1 for e in plan.entries if e.status == SAME)
        return ImportResult(subject.id, created, added, updated, unchanged, kept)


def _plan(session: Session, contents: PackContents, store_id: str) -> _Plan:
    theirs_subject = decode_fields(Subject, SUBJECT_FIELDS, contents.subject)
    subject, matched_by = match_subject(session, theirs_subject)
    differing = () if subject is None else _differing(subject, theirs_subject, SUBJECT_FIELDS)
    plan = _Plan(subject, matched_by, theirs_subject, differing)
    for item in contents.items:
        # A uuid of another case's record refuses the whole pack before anything of that record is read.
        owner = owner_of(session, KINDS[item.kind], item.uuid, store_id)
        if owner is not None and (subject is None or owner != subject.id):
            raise PackError(FOREIGN_ITEM)
    for item in contents.items:
        kind = KINDS[item.kind]
        theirs = decode_fields(kind.model, kind.fields, item.fields)
        local = find_by_uuid(session, kind, item.uuid, store_id, subject)
        if local is None:
            twin = _same_content(session, kind, theirs, subject)
            plan.entries.append(_Entry(item, kind, theirs, twin, NEW if twin is None else SAME, twin=twin is not None))
            continue
        if getattr(local, "restricted", False):
            # An import never lowers a restriction: the stricter value is kept, whatever is chosen.
            theirs["restricted"] = True
        item_differing = _differing(local, theirs, kind.fields)
        plan.entries.append(_Entry(item, kind, theirs, local, CONFLICT if item_differing else SAME, item_differing))
    return plan


def _same_content(session: Session, kind: Kind, theirs: dict[str, Any], subject: Subject | None) -> Any:
    """Return a record of the subject with exactly this content, entered separately on this computer."""
    if subject is None:
        return None
    return next((r for r in records_of(session, kind, subject) if not _differing(r, theirs, kind.fields)), None)


def match_subject(session: Session, theirs: dict[str, Any]) -> tuple[Subject | None, str]:
    """Return the case in the store that a pack's subject is (by reference, then name and birth date), and how."""
    for name, label in (("visor_ref", "ViSOR reference"), ("police_ref", "police reference")):
        if theirs[name].strip():
            column = getattr(Subject, name)
            found = session.scalars(select(Subject).where(column == theirs[name]).order_by(Subject.id)).first()
            if found is not None:
                return found, label
    if theirs["date_of_birth"] is not None:
        candidates = session.scalars(
            select(Subject).where(
                Subject.date_of_birth == theirs["date_of_birth"],
                func.lower(Subject.surname) == theirs["surname"].lower(),
            )
        )
        for candidate in candidates:
            if candidate.forenames.casefold() == theirs["forenames"].casefold():
                return candidate, "name and date of birth"
    return None, ""


def _differing(local: Any, theirs: dict[str, Any], names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in names if getattr(local, name) != theirs[name])


def _add(session: Session, subject: Subject, entry: _Entry, reports: dict[str, AgencyReport]) -> None:
    values = dict(entry.theirs)
    if entry.kind.model is Attachment:
        # The parent is a report of this pack, so of this case (see checks.check_contents).
        report = reports.get(entry.item.parent or "")
        if report is None:
            raise PackError("The pack's contents are not in a form this version of SOLO Desk can read.")
        attachment = Attachment(uuid=entry.item.uuid, report=report, data=_checked_blob(entry), **values)
        audiences.settle(session, attachment, False, entry.item.fields)
        session.add(attachment)
        return
    record: Any = entry.kind.model(subject_id=subject.id, **values)
    audiences.settle(session, record, False, entry.item.fields)
    if entry.kind.has_uuid_column:
        record.uuid = entry.item.uuid
    session.add(record)
    session.flush()
    if isinstance(record, AgencyReport):
        reports[entry.item.uuid] = record
    if not entry.kind.has_uuid_column:
        session.add(ItemIdentity(uuid=entry.item.uuid, entity=entry.kind.name, entity_id=record.id))


def _link(session: Session, entry: _Entry) -> None:
    """Remember that a record entered here is the pack's item, so the next import finds it by uuid."""
    linked = session.scalar(
        select(ItemIdentity.id).where(
            (ItemIdentity.uuid == entry.item.uuid)
            | ((ItemIdentity.entity == entry.kind.name) & (ItemIdentity.entity_id == entry.local.id))
        )
    )
    if linked is None:
        session.add(ItemIdentity(uuid=entry.item.uuid, entity=entry.kind.name, entity_id=entry.local.id))


def _checked_blob(entry: _Entry) -> bytes:
    blob = entry.item.blob or b""
    if hashlib.sha256(blob).hexdigest() != entry.theirs["sha256"] or len(blob) != entry.theirs["size"]:
        raise PackError("The pack's contents are not in a form this version of SOLO Desk can read.")
    return blob


def _key(entry: _Entry) -> str:
    return f"{entry.kind.name}:{entry.item.uuid}"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize().replace("Visor ref", "ViSOR reference").replace(" ref", " reference")


def _show(local: Any, theirs: dict[str, Any], names: tuple[str, ...]) -> tuple[str, str]:
    mine = "; ".join(f"{_label(n)}: {_plain(encode_value(getattr(local, n)))}" for n in names)
    return mine, "; ".join(f"{_label(n)}: {_plain(encode_value(theirs[n]))}" for n in names)


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) or "(none)"
    text = str(value)
    return text if len(text) <= 200 else text[:197] + "…"
