"""Freeze each restricted item's audience into the minute snapshot as the recipients who may see it.

:func:`with_audiences` takes the content :func:`~solodesk.services.minute_content.build_content`
made from a conference and marks every restricted row with the record it came from,
the distribution-list numbers of its readers (the chair always among them) and its
audience in words; it also lists every withholding with the chair's one-line reason.
The renderer then needs nothing but these plain numbers.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import object_session

from solodesk.models import (
    AgencyKind,
    AmendmentRequest,
    Base,
    Conference,
    Contact,
    Invitation,
)
from solodesk.reports.minute_data import Amendment, MinuteContent, Recipient, Withholding
from solodesk.services.audience import Audience, Member, describe
from solodesk.services.validation import actions_raised_at, previous_actions

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
    """Turns stored audiences into readers on one conference's distribution list."""

    def __init__(self, conference: Conference, recipients: Sequence[Recipient]) -> None:
        self.conference = conference
        self.recipients = list(recipients)
        self.names: dict[int, str] = {}
        for invitation in conference.invitations:
            self.names[invitation.contact_id] = invitation.contact.name
        if conference.chair is not None:
            self.names[conference.chair.id] = conference.chair.name

    def member(self, recipient: Recipient) -> Member:
        """Return a recipient as a possible reader."""
        kind = AgencyKind(recipient.kind) if recipient.kind in AgencyKind._value2member_map_ else None
        return Member(recipient.contact_id, kind, recipient.chair)

    def _name(self, contact_id: int) -> str:
        if contact_id not in self.names:
            session = object_session(self.conference)
            contact = session.get(Contact, contact_id) if session is not None else None
            self.names[contact_id] = contact.name if contact is not None else "a named person"
        return self.names[contact_id]

    def readers(self, stored: Any) -> tuple[list[int], str, Audience]:
        """Return (readers' numbers, the audience in words, the audience) of a stored audience."""
        audience = Audience.from_json(stored)
        readers = [r.number for r in self.recipients if audience.includes(self.member(r))]
        names = {c: self._name(c) for c in (*audience.contacts, *audience.withheld)}
        return readers, describe(audience, names, self.conference.chair_id), audience


def _recipients(conference: Conference, content: MinuteContent) -> list[Recipient]:
    receiving: dict[int, Invitation] = {i.contact_id: i for i in conference.invitations if i.receives_minute}
    out = []
    for recipient in content.distribution:
        invitation = receiving.get(recipient.contact_id or -1)
        agency = invitation.contact.agency if invitation is not None else None
        out.append(
            replace(
                recipient,
                cleared=False,  # the old one-tick clearance: audiences decide now (format 2)
                kind=agency.kind.value if agency is not None else "",
                chair=recipient.contact_id is not None and recipient.contact_id == conference.chair_id,
            )
        )
    return out


def with_audiences(content: MinuteContent, conference: Conference) -> MinuteContent:
    """Return the content with every restricted row's key, readers and audience, and the withholdings."""
    recipients = _recipients(conference, content)
    resolver = AudienceResolver(conference, recipients)
    audiences: dict[str, Audience] = {}

    def mark(row: Any, record: Base, restricted: bool) -> Any:
        if not restricted:
            return row
        readers, words, audience = resolver.readers(record.audience)  # type: ignore[attr-defined]
        key = record_key(record)
        audiences[key] = audience
        return replace(row, key=key, readers=readers, audience=words)

    notes = {n.item.number: n for n in conference.agenda_notes}
    sections = [
        mark(s, notes[s.number], True) if s.number in notes and s.restricted_notes.strip() else s
        for s in content.sections
    ]
    victims = [mark(row, v, v.restricted) for row, v in zip(content.victims, conference.victims, strict=True)]
    assessments = [
        mark(row, a, a.restricted) for row, a in zip(content.assessments, conference.risk_assessments, strict=True)
    ]
    last = [
        mark(replace(row, restricted=a.restricted), a, a.restricted)
        for row, a in zip(content.previous_actions, previous_actions(conference), strict=True)
    ]
    actions = [
        mark(replace(row, restricted=a.restricted), a, a.restricted)
        for row, a in zip(content.actions, actions_raised_at(conference), strict=True)
    ]
    decisions = [mark(row, d, d.restricted) for row, d in zip(content.decisions, conference.decisions, strict=True)]
    disclosures = [
        mark(row, d, d.restricted) for row, d in zip(content.disclosures, conference.disclosures, strict=True)
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
    resolver = AudienceResolver(conference, content.distribution)
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
            readers, words, _audience = resolver.readers(row.audience)
            lines.append(Amendment(text, True, record_key(row), readers, words))
    return lines
