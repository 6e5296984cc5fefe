"""Working out, without writing anything, what importing a handover would do to each record.

Each record of the pack is found here by its uuid (or, for the directory, the case and the
few kinds the store keeps one of, by what identifies it), and compared three ways: this
store's version, the pack's, and the version this store last exchanged (its digest in
``exchange_base``). Only the side that moved from the exchanged version changed the record,
so the other side's edit is taken without asking; when both moved, it is a conflict the
user decides. Importing the same pack again finds everything the same.

Checked before anything is compared: every value (type, length, range), every attached file,
and that every record belongs to the one case the pack is about. A pack naming a record of
another case in this store, or a record outside its case, is refused whole.
"""

import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from solodesk.models import Agency, Contact, ExchangeBase, Subject
from solodesk.services.handover import collect
from solodesk.services.handover.document import HandoverContents, HandoverRecord
from solodesk.services.handover.kinds import FROZEN, KINDS, Kind, decode_fields, is_reference
from solodesk.services.packs import checks
from solodesk.services.packs.format import PackError
from solodesk.services.packs.importer import match_subject
from solodesk.services.packs.kinds import FOREIGN_ITEM
from solodesk.services.packs.payload import PackItem

UNREADABLE = "The pack's contents are not in a form this version of SOLO Desk can read."
OUTSIDE_CASE = "The pack was refused because it holds a record that is not part of the case it hands over."


class Status(enum.StrEnum):
    """What an import does to one record."""

    NEW = "new"
    SAME = "already here"
    UPDATE = "changed there"
    KEEP = "changed here"
    CONFLICT = "changed on both"
    SKIP = "not taken"


@dataclass
class Step:
    """One record of the pack and what importing it does.

    Attributes:
        record: the pack's record.
        kind: its kind.
        theirs: its checked column values.
        local: this store's record, or None.
        status: see :class:`Status`.
        reference: carried only so references resolve (never changes this store's record).
        local_uuid: the uuid the record has (or will have) in this store.
        theirs_digest: the pack's version, in this store's ids.
        theirs_local: the pack's record with this store's ids (what is compared).
        differing: the columns that differ from this store's version.
    """

    record: HandoverRecord
    kind: Kind
    theirs: dict[str, Any]
    local: Any
    status: Status
    reference: bool
    local_uuid: str
    theirs_digest: str = ""
    differing: tuple[str, ...] = ()
    theirs_local: HandoverRecord | None = None


@dataclass
class Plan:
    """Every step of an import, in writing order, and the case it is about."""

    subject: Subject | None
    matched_by: str
    focus: str
    steps: list[Step] = field(default_factory=list)
    uuid_map: dict[str, str] = field(default_factory=dict)


def plan(session: Session, contents: HandoverContents, bases: dict[str, str] | None = None) -> Plan:
    """Return what importing the handover would do, writing nothing.

    Args:
        session: the importing store's session.
        contents: the handover.
        bases: the versions last exchanged, by uuid, when the sender keeps them rather than this
            store (a check-in: the laptop knows what it checked out); None reads this store's.

    Raises:
        PackError: a value, file or reference is not valid, or a record is not part of the pack's case.
    """
    records = _checked(contents)
    subject_record = records[0]
    theirs_subject = decode_fields(KINDS["subject"], subject_record.fields)
    subject = session.scalar(select(Subject).where(Subject.uuid == subject_record.uuid))
    matched_by = "the case's own id" if subject is not None else ""
    if subject is None:
        subject, matched_by = match_subject(session, theirs_subject)
    result = Plan(subject, matched_by, contents.focus)
    bases = _bases(session) if bases is None else bases
    ids = collect.Ids(session)
    for record in records:
        kind = KINDS[record.kind]
        theirs = decode_fields(kind, record.fields)
        reference = is_reference(kind.name, record.uuid, record.refs, contents.focus)
        local = subject if kind.name == "subject" else _find(session, kind, record, theirs, result)
        if local is not None:
            _check_same_case(session, kind, local, subject)
        local_uuid = local.uuid if local is not None else record.uuid
        result.uuid_map[record.uuid] = local_uuid
        step = Step(record, kind, theirs, local, Status.NEW, reference, local_uuid)
        step.theirs_local = in_local_ids(record, result.uuid_map)
        step.theirs_digest = collect.digest(step.theirs_local)
        if local is not None:
            _compare(step, bases.get(local_uuid), ids)
        result.steps.append(step)
    _skip_copies_of_refused_issues(result)
    return result


def _checked(contents: HandoverContents) -> list[HandoverRecord]:
    """Return the records with every kind, reference, file and case membership checked."""
    records = contents.records
    if not all(r.kind in KINDS for r in records):
        raise PackError(UNREADABLE)
    records = sorted(records, key=lambda r: list(KINDS).index(r.kind))
    uuids = [r.uuid for r in records]
    if len(set(uuids)) != len(uuids):
        raise PackError(UNREADABLE)
    subjects = [r for r in records if r.kind == "subject"]
    conferences = {r.uuid: r for r in records if r.kind == "conference"}
    if len(subjects) != 1 or contents.focus not in conferences:
        raise PackError(UNREADABLE)
    records.remove(subjects[0])
    records.insert(0, subjects[0])
    carried = {r.uuid: r.kind for r in records}
    reports = {r.uuid for r in records if r.kind == "agency_report"}
    for record in records:
        kind = KINDS[record.kind]
        if set(record.refs) != set(kind.refs):
            raise PackError(UNREADABLE)
        for column, target in record.refs.items():
            if target is None:
                continue
            if target in carried and carried[target] != kind.refs[column]:
                raise PackError(UNREADABLE)
            # Everything a record hangs from is in the pack, and the whole pack is about one case.
            if column in ("subject_id", "conference_id", "issue_id", "report_id") and target not in carried:
                raise PackError(OUTSIDE_CASE)
            if column == "subject_id" and target != subjects[0].uuid:
                raise PackError(OUTSIDE_CASE)
        if record.kind == "attachment":
            item = PackItem("attachment", record.uuid, record.fields, record.refs["report_id"], record.blob)
            checks.check_attachment(item, reports)
        elif record.blob is not None:
            raise PackError(UNREADABLE)
    return records


def _bases(session: Session) -> dict[str, str]:
    return dict(session.execute(select(ExchangeBase.uuid, ExchangeBase.digest)).all())


def _find(session: Session, kind: Kind, record: HandoverRecord, theirs: dict[str, Any], result: Plan) -> Any:
    model: Any = kind.model
    found = session.scalar(select(model).where(model.uuid == record.uuid))
    if found is not None:
        return found
    if kind.name == "agency":
        return session.scalar(select(Agency).where(Agency.name == theirs["name"]))
    if kind.name == "contact":
        agency = _local_id(session, "agency", record.refs["agency_id"], result)
        if agency is None and record.refs["agency_id"] is not None:
            return None  # their agency is new here, so nobody here works for it
        return session.scalars(
            select(Contact).where(Contact.name == theirs["name"], Contact.agency_id == agency).order_by(Contact.id)
        ).first()
    if kind.natural_key:
        conditions = []
        for column in kind.natural_key:
            if column in kind.refs:
                local_id = _local_id(session, kind.refs[column], record.refs[column], result)
                if local_id is None:
                    return None
                conditions.append(getattr(model, column) == local_id)
            else:
                conditions.append(getattr(model, column) == theirs[column])
        return session.scalar(select(model).where(*conditions))
    return None


def _local_id(session: Session, table: str, their_uuid: str | None, result: Plan) -> int | None:
    if their_uuid is None:
        return None
    model: Any = KINDS[table].model
    return session.scalar(select(model.id).where(model.uuid == result.uuid_map.get(their_uuid, their_uuid)))


def _check_same_case(session: Session, kind: Kind, local: Any, subject: Subject | None) -> None:
    owner = case_of(session, local)
    if owner is not None and (subject is None or owner != subject.id):
        raise PackError(FOREIGN_ITEM)


def case_of(session: Session, row: Any) -> int | None:
    """Return the id of the case a record belongs to (None for the directory)."""
    if isinstance(row, Agency | Contact):
        return None
    if isinstance(row, Subject):
        return row.id
    for attribute in ("subject", "conference", "report", "issue"):
        parent = getattr(row, attribute, None)
        if parent is not None:
            return case_of(session, parent)
    return None


def _compare(step: Step, base: str | None, ids: collect.Ids) -> None:
    mine = collect.encode_record(step.kind, step.local, ids)
    mine_digest = collect.digest(mine)
    theirs = step.theirs_local or step.record
    step.differing = tuple(n for n in step.kind.fields if mine.fields[n] != theirs.fields.get(n))
    if mine_digest == step.theirs_digest or step.reference:
        step.status = Status.SAME
    elif base == mine_digest:
        step.status = Status.UPDATE
    elif base == step.theirs_digest:
        step.status = Status.KEEP
    else:
        step.status = Status.CONFLICT
    if step.kind.name in FROZEN and step.status == Status.UPDATE:
        step.status = Status.CONFLICT  # an issued minute or a sent copy is never rewritten
    if not step.differing and step.status in (Status.UPDATE, Status.CONFLICT):
        step.differing = tuple(step.record.refs)  # only what it names differs (e.g. who owns an action)


def _skip_copies_of_refused_issues(result: Plan) -> None:
    """Never hang the pack's sent copies on a different issued minute of this store."""
    refused = {s.record.uuid for s in result.steps if s.kind.name == "minute_issue" and s.status == Status.CONFLICT}
    for step in result.steps:
        if step.kind.name == "distribution" and step.record.refs["issue_id"] in refused:
            step.status = Status.SKIP


def in_local_ids(record: HandoverRecord, uuid_map: dict[str, str]) -> HandoverRecord:
    """Return a pack record with the uuids it names replaced by this store's (for comparing)."""

    def local(value: Any) -> Any:
        return uuid_map.get(value, value) if isinstance(value, str) else value

    fields = dict(record.fields)
    audience = fields.get(collect.AUDIENCE)
    if isinstance(audience, dict):
        mapped = {**audience, "contacts": sorted(local(c) for c in audience.get("contacts", []))}
        if isinstance(audience.get("withheld"), dict):
            mapped["withheld"] = {local(k): v for k, v in audience["withheld"].items()}
        fields[collect.AUDIENCE] = mapped
    content = fields.get("content")
    if record.kind == "minute_issue" and isinstance(content, dict) and isinstance(content.get("distribution"), list):
        fields["content"] = {
            **content,
            "distribution": [
                {**e, "contact_id": local(e.get("contact_id"))} if isinstance(e, dict) else e
                for e in content["distribution"]
            ],
        }
    refs = {column: local(target) for column, target in record.refs.items()}
    return HandoverRecord(record.kind, uuid_map.get(record.uuid, record.uuid), fields, refs, record.blob)
