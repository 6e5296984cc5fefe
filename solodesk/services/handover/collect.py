"""What a handover of one conference carries, read from the store as plain records.

The conference handed over travels whole, restricted items included: the person it goes to
takes its minute and heard the meeting. From the rest of the case only what the minute needs
travels: the case itself, its open actions, diversity needs and notifications, and what was
prepared for the case — and of those, restricted items only when they belong to this meeting
(another meeting's restricted items stay on this computer, as a team store would keep them
from a minute-taker). The directory entries and other meetings that carried records name
travel as references.
"""

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from solodesk.models import (
    Action,
    Agency,
    AgencyReport,
    AmendmentRequest,
    Attachment,
    CaseNote,
    Conference,
    Contact,
    DiversityNeed,
    MinuteIssue,
    ProposedAction,
    ReleaseNotification,
    RiskAssessment,
    Subject,
)
from solodesk.services.handover.document import HandoverRecord
from solodesk.services.handover.kinds import KINDS, ORDER, Kind, encode_value

AUDIENCE = "audience"


class Ids:
    """Local id -> uuid of every table, read once per table on first use."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._maps: dict[str, dict[int, str]] = {}

    def uuid(self, table: str, record_id: int | None) -> str | None:
        """Return the uuid of a table's record, or None for no record."""
        if record_id is None:
            return None
        if table not in self._maps:
            model: Any = KINDS[table].model
            self._maps[table] = dict(self._session.execute(select(model.id, model.uuid)).all())
        return self._maps[table].get(record_id)


def collect(
    session: Session, conference_id: int, previous_minute: bool = False
) -> tuple[Conference, list[HandoverRecord]]:
    """Return the conference and every record its handover carries, in writing order.

    Args:
        session: the sending store's session.
        conference_id: the conference.
        previous_minute: also carry the previous meeting's latest issued minute, for reading (a
            check-out: the team store's row policies decide whether this login may read it; a
            handover leaves it home, as it holds another meeting's restricted items).

    Raises:
        LookupError: there is no such conference.
    """
    conference = session.get(Conference, conference_id)
    if conference is None:
        raise LookupError(f"There is no conference with id {conference_id} in this store.")
    ids = Ids(session)
    rows = list(_records_of(session, conference))
    if previous_minute and conference.previous_conference_id is not None:
        issues = _issues(session, conference.previous_conference_id)
        rows += [(KINDS["minute_issue"], issue) for issue in issues[-1:]]
    records = [encode_record(kind, row, ids) for kind, row in rows]
    carried = {r.uuid for r in records}
    references = _references(session, records, carried, ids)
    every = references + records
    every.sort(key=lambda r: ORDER[r.kind])
    return conference, every


def _records_of(session: Session, conference: Conference) -> Iterable[tuple[Kind, Any]]:
    subject = conference.subject
    here = conference.id
    yield KINDS["subject"], subject
    yield KINDS["conference"], conference
    for name, rows in (
        ("invitation", conference.invitations),
        ("agenda_note", conference.agenda_notes),
        ("victim", conference.victims),
        ("decision", conference.decisions),
        ("disclosure_decision", conference.disclosures),
        ("contingency_item", conference.contingencies),
    ):
        for row in rows:
            yield KINDS[name], row
    for row in _of_subject(session, DiversityNeed, subject):
        yield KINDS["diversity_need"], row
    for row in _of_subject(session, ReleaseNotification, subject):
        yield KINDS["release_notification"], row
    for row in _of_subject(session, RiskAssessment, subject):
        if not row.restricted or row.conference_id == here:
            yield KINDS["risk_assessment"], row
    actions = session.scalars(
        select(Action)
        .where(Action.subject_id == subject.id)
        .where(or_(Action.raised_at_id == here, Action.reviewed_at_id == here, Action.reviewed_at_id.is_(None)))
        .order_by(Action.id)
    )
    for action in actions:
        ours = here in (action.raised_at_id, action.reviewed_at_id)
        if ours or (action.is_open and not action.restricted):
            yield KINDS["action"], action
    for report in _of_subject(session, AgencyReport, subject):
        ours = report.conference_id == here
        if ours or not report.restricted:
            yield KINDS["agency_report"], report
            for attachment in report.attachments:
                if ours or not attachment.restricted:
                    yield KINDS["attachment"], attachment
    for model, name in ((CaseNote, "case_note"), (ProposedAction, "proposed_action")):
        for row in _of_subject(session, model, subject):
            if not row.restricted:
                yield KINDS[name], row
    for issue in _issues(session, here):
        yield KINDS["minute_issue"], issue
        for copy in issue.distributions:
            yield KINDS["distribution"], copy
    for request in session.scalars(
        select(AmendmentRequest).where(AmendmentRequest.conference_id == here).order_by(AmendmentRequest.id)
    ):
        yield KINDS["amendment_request"], request


def _of_subject(session: Session, model: Any, subject: Subject) -> list[Any]:
    return list(session.scalars(select(model).where(model.subject_id == subject.id).order_by(model.id)))


def _issues(session: Session, conference_id: int) -> list[Any]:
    return list(
        session.scalars(
            select(MinuteIssue).where(MinuteIssue.conference_id == conference_id).order_by(MinuteIssue.version)
        )
    )


def encode_record(kind: Kind, row: Any, ids: Ids) -> HandoverRecord:
    """Return one local record in its handover form."""
    fields = {name: encode_value(getattr(row, name)) for name in kind.fields}
    if AUDIENCE in fields:
        fields[AUDIENCE] = _audience_out(fields[AUDIENCE], ids)
    if kind.name == "minute_issue":
        fields["content"] = _content_out(fields["content"], ids)
    refs = {column: ids.uuid(table, getattr(row, column)) for column, table in kind.refs.items()}
    blob = row.data if isinstance(row, Attachment) else None
    return HandoverRecord(kind.name, row.uuid, fields, refs, blob)


def _audience_out(audience: Any, ids: Ids) -> dict[str, Any]:
    """Return an audience in one canonical form, with contact uuids for ids (so both sides compare equal)."""
    if not isinstance(audience, dict):
        audience = {}
    contacts = audience.get("contacts", [])
    kinds = audience.get("kinds", [])
    withheld = audience.get("withheld", {})
    return {
        "contacts": sorted(
            u for c in (contacts if isinstance(contacts, list) else []) if (u := _contact_uuid(ids, c)) is not None
        ),
        "kinds": sorted(k for k in (kinds if isinstance(kinds, list) else []) if isinstance(k, str)),
        "withheld": {
            u: str(reason)
            for key, reason in (withheld.items() if isinstance(withheld, dict) else [])
            if (u := _contact_uuid(ids, key)) is not None
        },
    }


def _contact_uuid(ids: Ids, key: Any) -> str | None:
    if isinstance(key, bool) or not str(key).isdigit():
        return None
    return ids.uuid("contact", int(key))


def _content_out(content: Any, ids: Ids) -> Any:
    """Return a frozen minute with its recipients' contact ids as uuids (ids mean nothing elsewhere)."""
    if not isinstance(content, dict) or not isinstance(content.get("distribution"), list):
        return content
    recipients = []
    for entry in content["distribution"]:
        if isinstance(entry, dict) and isinstance(entry.get("contact_id"), int):
            entry = {**entry, "contact_id": ids.uuid("contact", entry["contact_id"])}
        recipients.append(entry)
    return {**content, "distribution": recipients}


def _references(session: Session, records: list[HandoverRecord], carried: set[str], ids: Ids) -> list[HandoverRecord]:
    """Return the directory entries and other meetings the records name, as reference records."""
    wanted: dict[str, set[str]] = {"conference": set(), "contact": set(), "agency": set()}
    for record in records:
        for column, target in record.refs.items():
            table = KINDS[record.kind].refs[column]
            if target is not None and table in wanted and target not in carried:
                wanted[table].add(target)
        audience = record.fields.get(AUDIENCE)
        if isinstance(audience, dict):
            wanted["contact"].update(audience.get("contacts", []))
            wanted["contact"].update(audience.get("withheld", {}))
        if record.kind == "minute_issue":
            for entry in record.fields["content"].get("distribution", []):
                if isinstance(entry, dict) and isinstance(entry.get("contact_id"), str):
                    wanted["contact"].add(entry["contact_id"])
    out: list[HandoverRecord] = []
    conferences = _by_uuid(session, Conference, wanted["conference"])
    for row in conferences:
        out.append(encode_record(KINDS["conference"], row, ids))
        wanted["contact"].update(
            u for u in (ids.uuid("contact", row.chair_id), ids.uuid("contact", row.minute_taker_id)) if u
        )
    contacts = _by_uuid(session, Contact, wanted["contact"])
    out += [encode_record(KINDS["contact"], row, ids) for row in contacts]
    wanted["agency"].update(u for row in contacts if (u := ids.uuid("agency", row.agency_id)))
    out += [encode_record(KINDS["agency"], row, ids) for row in _by_uuid(session, Agency, wanted["agency"])]
    return out


def _by_uuid(session: Session, model: Any, uuids: set[str]) -> list[Any]:
    if not uuids:
        return []
    return list(session.scalars(select(model).where(model.uuid.in_(sorted(uuids))).order_by(model.id)))


def digest(record: HandoverRecord) -> str:
    """Return the fingerprint of a record's content and references (what "changed" is measured by)."""
    body: dict[str, Any] = {"fields": record.fields, "refs": record.refs}
    if record.blob is not None:
        body["blob"] = hashlib.sha256(record.blob).hexdigest()
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
