"""Audiences of restricted items in packs: what travels, and why an import never widens one.

The agency kinds of an audience travel (``fields["audience_kinds"]``), and the people it
names travel by name (``fields["audience_names"]``): contact ids mean nothing on another
laptop. On import a name finds the one contact of that exact name, or nobody, which can
only narrow the audience. A pack written before audiences carries no kinds; its restricted items
arrive for the chair alone. On import a restricted item keeps the narrower of the two
audiences, and an item restricted in the pack stays restricted whatever the user chose.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from solodesk.models import AgencyKind, Contact
from solodesk.services.audience import Audience, Member
from solodesk.services.packs.format import PackError

FIELD = "audience_kinds"
NAMES = "audience_names"
MAX_NAMES = 200
_UNREADABLE = "The pack's contents are not in a form this version of SOLO Desk can read."


def export_fields(record: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """Return an item's pack fields with its audience's agency kinds, when it is restricted."""
    if getattr(record, "restricted", False) and hasattr(record, "audience"):
        audience = Audience.from_json(record.audience)
        session = object_session(record)
        named = [session.get(Contact, c) for c in sorted(audience.contacts)] if session is not None else []
        names = sorted(c.name for c in named if c is not None)
        return {**fields, FIELD: sorted(kind.value for kind in audience.kinds), NAMES: names}
    return fields


def their_audience(session: Session, fields: dict[str, Any]) -> Audience:
    """Return the audience a pack gives a restricted item (the chair alone when it names none).

    Raises:
        PackError: the kinds are not a short list of known agency kinds (the whole pack is refused).
    """
    kinds = fields.get(FIELD, [])
    if not isinstance(kinds, list) or len(kinds) > len(AgencyKind):
        raise PackError(_UNREADABLE)
    if not all(isinstance(k, str) and k in AgencyKind._value2member_map_ for k in kinds):
        raise PackError(_UNREADABLE)
    names = fields.get(NAMES, [])
    if not isinstance(names, list) or len(names) > MAX_NAMES or not all(isinstance(n, str) for n in names):
        raise PackError(_UNREADABLE)
    contacts = set()
    for name in names:
        found = session.scalars(select(Contact.id).where(Contact.name == name[:200]).limit(2)).all()
        if len(found) == 1:
            contacts.add(found[0])
    return Audience(frozenset(contacts), frozenset(AgencyKind(k) for k in kinds))


def _people(session: Session) -> list[Member]:
    contacts = session.scalars(select(Contact)).all()
    return [Member(c.id, c.agency.kind if c.agency else None) for c in contacts]


def settle(session: Session, record: Any, was_restricted: bool, fields: dict[str, Any]) -> None:
    """Give an imported or updated item the narrower of its audience here and the pack's.

    Args:
        session: the import's session.
        record: the item as it now stands in this store.
        was_restricted: whether this store's item was restricted before the import.
        fields: the pack's fields of the item.
    """
    if not hasattr(record, "audience") or fields.get("restricted") is not True:
        return
    theirs = their_audience(session, fields)
    if not was_restricted:  # open here, restricted in the pack: it becomes restricted, for the pack's audience
        record.restricted = True
        record.audience = theirs.to_json()
        return
    mine = Audience.from_json(record.audience)
    record.audience = mine.narrower(theirs, _people(session)).to_json()
