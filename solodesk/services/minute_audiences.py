"""Freeze each restricted item's audience into the minute snapshot as the recipients who may see it.

:func:`with_audiences` takes the content :func:`~solodesk.services.minute_content.build_content`
made from a conference's read model (and that read model alone) and marks every restricted
row with the record it came from, the distribution-list numbers of its readers (the chair always among them) and its
audience in words; it also lists every withholding with the chair's one-line reason.
The renderer then needs nothing but these plain numbers.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol

from sqlalchemy.orm import object_session

from solodesk.models import AgencyKind, AmendmentRequest, Base, Conference, Contact
from solodesk.reports.minute_data import Amendment, MinuteContent, Recipient, Withholding
from solodesk.services.audience import Audience, Member, describe
from solodesk.services.conference_rows import ConferenceSnapshot

KEY_PREFIX: dict[str, str] = {
    "agenda_note": "note",
    "victim": "victim",
    "risk_assessment": "assessment",
    "action": "action",
    "decision": "decision",
    "disclosure_decision": "disclosure",
    "amendment_request": "amendment",
}


def record_key(record: Base) -> str:
    """Return the key naming a restricted record in a snapshot (``"victim:12"``)."""
    return f"{KEY_PREFIX[record.__tablename__]}:{record.id}"  # type: ignore[attr-defined]


class AudienceResolver:
    """Turns stored audiences into readers on one conference's distribution list.

    Args:
        names: contact id -> name for every contact an audience may name.
        chair_id: the chair's contact id (the chair always reads).
        recipients: the distribution list.
        lookup: finds a name missing from ``names`` (an amendment's audience may name anyone).
    """

    def __init__(
        self,
        names: Mapping[int, str],
        chair_id: int | None,
        recipients: Sequence[Recipient],
        lookup: Callable[[int], str | None] | None = None,
    ) -> None:
        self.names = dict(names)
        self.chair_id = chair_id
        self.recipients = list(recipients)
        self.lookup = lookup

    def member(self, recipient: Recipient) -> Member:
        """Return a recipient as a possible reader."""
        kind = AgencyKind(recipient.kind) if recipient.kind in AgencyKind._value2member_map_ else None
        return Member(recipient.contact_id, kind, recipient.chair)

    def _name(self, contact_id: int) -> str:
        if contact_id not in self.names:
            found = self.lookup(contact_id) if self.lookup is not None else None
            self.names[contact_id] = found or "a named person"
        return self.names[contact_id]

    def readers(self, audience: Audience) -> tuple[list[int], str]:
        """Return (readers' numbers, the audience in words) of an audience."""
        readers = [r.number for r in self.recipients if audience.includes(self.member(r))]
        names = {c: self._name(c) for c in (*audience.contacts, *audience.withheld)}
        return readers, describe(audience, names, self.chair_id)


def _recipients(snap: ConferenceSnapshot, content: MinuteContent) -> list[Recipient]:
    kinds = {i.contact_id: i.agency_kind for i in snap.invitees if i.receives_minute}
    out = []
    for recipient in content.distribution:
        kind = kinds.get(recipient.contact_id or -1)
        out.append(
            replace(
                recipient,
                cleared=False,  # the old one-tick clearance: audiences decide now (format 2)
                kind=kind.value if kind is not None else "",
                chair=recipient.contact_id is not None and recipient.contact_id == snap.chair.id,
            )
        )
    return out


class _Restricted(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def audience(self) -> Audience: ...


def with_audiences(content: MinuteContent, snap: ConferenceSnapshot) -> MinuteContent:
    """Return the content with every restricted row's key, readers and audience, and the withholdings."""
    recipients = _recipients(snap, content)
    resolver = AudienceResolver(snap.contact_names, snap.chair.id, recipients)
    audiences: dict[str, Audience] = {}

    def mark(row: Any, prefix: str, record: _Restricted, restricted: bool) -> Any:
        if not restricted:
            return row
        readers, words = resolver.readers(record.audience)
        key = f"{KEY_PREFIX[prefix]}:{record.id}"
        audiences[key] = record.audience
        return replace(row, key=key, readers=readers, audience=words)

    notes = {n.item.number: n for n in snap.notes.values()}
    sections = [
        mark(s, "agenda_note", notes[s.number], True) if s.number in notes and s.restricted_notes.strip() else s
        for s in content.sections
    ]
    victims = [mark(row, "victim", v, v.restricted) for row, v in zip(content.victims, snap.victims, strict=True)]
    assessments = [
        mark(row, "risk_assessment", a, a.restricted)
        for row, a in zip(content.assessments, snap.assessments, strict=True)
    ]
    last = [
        mark(replace(row, restricted=a.restricted), "action", a, a.restricted)
        for row, a in zip(content.previous_actions, snap.previous_actions, strict=True)
    ]
    actions = [
        mark(replace(row, restricted=a.restricted), "action", a, a.restricted)
        for row, a in zip(content.actions, snap.actions, strict=True)
    ]
    decisions = [
        mark(row, "decision", d, d.restricted) for row, d in zip(content.decisions, snap.decisions, strict=True)
    ]
    disclosures = [
        mark(row, "disclosure_decision", d, d.restricted)
        for row, d in zip(content.disclosures, snap.disclosures, strict=True)
    ]
    marked = replace(
        content,
        distribution=recipients,
        sections=sections,
        victims=victims,
        assessments=assessments,
        previous_actions=last,
        actions=actions,
        decisions=decisions,
        disclosures=disclosures,
    )
    withholdings = []
    for item in marked.restricted_items():
        audience = audiences[item.key]
        for recipient in recipients:
            if recipient.number not in item.readers:
                reason = audience.withheld.get(recipient.contact_id or -1) or f"Not in its audience ({item.audience})."
                withholdings.append(Withholding(recipient.name, item.label, reason))
    return replace(marked, withholdings=withholdings)


CONCERNS = "concerns"  # in an amendment request's audience: the key of the restricted item it is about


def amendment_lines(
    conference: Conference, content: MinuteContent, rows: Sequence[tuple[AmendmentRequest, str]]
) -> list[Amendment]:
    """Return agreed amendments as their issue lists them.

    A restricted amendment about a restricted item reaches exactly that item's audience as it
    stands when the new version is issued; one about nothing in particular reaches its own
    audience (the chair alone unless the chair chose more).
    """
    names = {i.contact_id: i.contact.name for i in conference.invitations}
    if conference.chair is not None:
        names[conference.chair.id] = conference.chair.name
    session = object_session(conference)

    def lookup(contact_id: int) -> str | None:
        contact = session.get(Contact, contact_id) if session is not None else None
        return contact.name if contact is not None else None

    resolver = AudienceResolver(names, conference.chair_id, content.distribution, lookup)
    items = {i.key: i for i in content.restricted_items()}
    lines = []
    for row, text in rows:
        if not row.restricted:
            lines.append(Amendment(text))
            continue
        concerned = items.get(str(row.audience.get(CONCERNS, ""))) if isinstance(row.audience, dict) else None
        if concerned is not None:
            lines.append(Amendment(text, True, record_key(row), sorted(concerned.readers), concerned.audience))
        else:
            readers, words = resolver.readers(Audience.from_json(row.audience))
            lines.append(Amendment(text, True, record_key(row), readers, words))
    return lines
