"""Who may see a restricted item: named contacts and agency kinds, the chair always.

An audience is stored as JSON on each restricted record (``HasAudience.audience``)::

    {"contacts": [contact ids], "kinds": [agency kind values], "withheld": {"contact id": "reason"}}

A person is in it when they chair the conference, or are named, or belong to a named
agency kind, unless the chair withheld the item from them by name (with a one-line
reason, which the clearance matrix records). The empty audience is the chair alone:
the default for every new restricted item, never "everyone cleared".

Nothing here touches a store; :mod:`solodesk.services.clearance` reads and writes audiences.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from solodesk.models import AgencyKind

# How an agency kind reads inside "Restricted — police, health and chair only".
KIND_WORDS: dict[AgencyKind, str] = {
    AgencyKind.POLICE: "police",
    AgencyKind.CRIMINAL_JUSTICE_SW: "criminal justice social work",
    AgencyKind.CHILDREN_AND_FAMILIES: "children & families",
    AgencyKind.HOUSING: "housing",
    AgencyKind.PRISON: "prison",
    AgencyKind.HEALTH: "health",
    AgencyKind.VOLUNTARY: "voluntary organisations",
    AgencyKind.ACCOMMODATION: "accommodation",
    AgencyKind.EMPLOYMENT: "employment",
    AgencyKind.OTHER: "other agencies",
}
MAX_REASON = 200  # a withholding reason is one line


@dataclass(frozen=True)
class Member:
    """A possible reader of a restricted item: a contact, their agency kind, and whether they chair."""

    contact_id: int | None
    kind: AgencyKind | None = None
    chair: bool = False


@dataclass(frozen=True)
class Audience:
    """Who may see one restricted item besides the chair.

    Attributes:
        contacts: contact ids named in the audience.
        kinds: agency kinds whose members are in the audience.
        withheld: contact id -> the one-line reason the chair withheld the item from them
            (this overrides their agency kind being in the audience).
    """

    contacts: frozenset[int] = frozenset()
    kinds: frozenset[AgencyKind] = frozenset()
    withheld: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> "Audience":
        """Read a stored audience; anything unreadable counts as not there (so the audience only narrows)."""
        if not isinstance(data, dict):
            return cls()
        contacts = frozenset(c for c in data.get("contacts", []) if isinstance(c, int) and not isinstance(c, bool))
        kinds = frozenset(AgencyKind(k) for k in data.get("kinds", []) if k in AgencyKind._value2member_map_)
        withheld_raw = data.get("withheld", {})
        withheld = {
            int(key): str(reason)[:MAX_REASON]
            for key, reason in (withheld_raw.items() if isinstance(withheld_raw, dict) else ())
            if str(key).isdigit()
        }
        return cls(contacts, kinds, withheld)

    def to_json(self) -> dict[str, Any]:
        """Return the audience as stored (sorted, so the same audience is always the same JSON)."""
        data: dict[str, Any] = {"contacts": sorted(self.contacts), "kinds": sorted(k.value for k in self.kinds)}
        if self.withheld:
            data["withheld"] = {str(key): self.withheld[key] for key in sorted(self.withheld)}
        return data

    def includes(self, member: Member) -> bool:
        """Return True when this person may see the item (the chair always may)."""
        if member.chair:
            return True
        if member.contact_id is None or member.contact_id in self.withheld:
            return False
        return member.contact_id in self.contacts or (member.kind is not None and member.kind in self.kinds)

    def with_contact(self, contact_id: int) -> "Audience":
        """Return the audience with one person added by name (any withholding of theirs lifted)."""
        withheld = {k: v for k, v in self.withheld.items() if k != contact_id}
        return Audience(self.contacts | {contact_id}, self.kinds, withheld)

    def without_contact(self, contact_id: int, reason: str) -> "Audience":
        """Return the audience with one person withheld from, for a one-line reason."""
        line = " ".join(reason.split())[:MAX_REASON]
        return Audience(self.contacts - {contact_id}, self.kinds, {**self.withheld, contact_id: line})

    def narrower(self, other: "Audience", people: Iterable[Member]) -> "Audience":
        """Return the audience of people in both this and ``other`` (never wider than either).

        ``people`` are the possible readers known here: a person named in one audience and
        reached by kind in the other stays in, by name.
        """
        kinds = self.kinds & other.kinds
        contacts = {
            m.contact_id
            for m in people
            if m.contact_id is not None
            and self.includes(Member(m.contact_id, m.kind))
            and other.includes(Member(m.contact_id, m.kind))
            and m.kind not in kinds
        }
        contacts |= self.contacts & other.contacts
        withheld = {**other.withheld, **self.withheld}
        return Audience(frozenset(contacts) - frozenset(withheld), kinds, withheld)


CHAIR_ONLY = Audience()


def describe(audience: Audience, names: Mapping[int, str], chair_id: int | None = None) -> str:
    """Return who may see the item, as printed after "Restricted — " (e.g. "police and chair only").

    Args:
        audience: the audience.
        names: contact id -> name, for people named in it.
        chair_id: the chair's contact id (not named twice).
    """
    parts = [KIND_WORDS[k] for k in AgencyKind if k in audience.kinds]
    parts += sorted(names.get(c, "a named person") for c in audience.contacts if c != chair_id)
    excluded = sorted(names[c] for c in audience.withheld if c in names and c != chair_id)
    if excluded and audience.kinds:
        parts[len(audience.kinds) - 1] += " (not " + ", ".join(excluded) + ")"
    if not parts:
        return "chair only"
    return ", ".join(parts) + " and chair only"
