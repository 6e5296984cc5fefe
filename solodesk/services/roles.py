"""What this person may do in a store: everything on a laptop; on a team store, what their role allows.

The team store's database enforces need to know and who writes what (grants and row security,
``solodesk.store.team_policies``); this is the same table seen from the app, so a worker or a
manager is not invited to start what the server would refuse: the actions their role cannot
take are greyed, with a sentence saying why, and chair mode opens read-only for them.
"""

import enum
from dataclasses import dataclass

from sqlalchemy import text

from solodesk.store import CaseStore


class Task(enum.StrEnum):
    """Something a person starts from a menu or chair mode; its value completes "does not let you …"."""

    ADD_CASE = "add a case"
    EDIT_CASE = "edit a case"
    CONVENE = "convene a conference"
    CHANGE_CONFERENCE = "change a conference's record"
    INVITATIONS = "record invitations and responses"
    CIRCULATE = "circulate a minute"
    AMEND = "record amendment requests"
    PREPARE = "prepare for a conference"
    IMPORT_PACK = "import a preparation pack"
    MANAGEMENT_INFORMATION = "produce the management information"


# Mirrors the groups' grants (team_policies.WRITES): the chair changes everything; the assistant
# convenes, takes and circulates the minute; a worker prepares; a manager reads and counts. The
# figures are the team's: a worker's or an assistant's login would count only the cases it reads.
_MAY: dict[str, frozenset[Task]] = {
    "chair": frozenset(Task),
    "assistant": frozenset({Task.CONVENE, Task.CHANGE_CONFERENCE, Task.INVITATIONS, Task.CIRCULATE, Task.AMEND}),
    "worker": frozenset({Task.PREPARE, Task.IMPORT_PACK}),
    "manager": frozenset({Task.MANAGEMENT_INFORMATION}),
}
ROLES = tuple(_MAY)


@dataclass(frozen=True)
class Permissions:
    """What one signed-in person may start.

    Attributes:
        roles: their team store roles; empty on a laptop store.
        everything: True on a laptop store, and for a team store's owner (its IT administrator).
    """

    roles: frozenset[str] = frozenset()
    everything: bool = True

    def may(self, task: Task) -> bool:
        """Return True when this person's role lets them do ``task``."""
        return self.everything or any(task in _MAY[role] for role in self.roles)

    def refusal(self, task: Task) -> str:
        """Return the sentence that says why ``task`` is not offered."""
        named = " and ".join(sorted(self.roles)) or "no role"
        return f"Your role on this team store ({named}) does not let you {task}."


LAPTOP = Permissions()


def permissions_of(store: CaseStore) -> Permissions:
    """Return what the person signed in to ``store`` may do (one query on a team store)."""
    if store.engine.dialect.name != "postgresql":
        return LAPTOP
    asks = ", ".join(f"public.solodesk_is('{role}')" for role in ROLES)
    owner = "pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'subject'::regclass), 'MEMBER')"
    with store.session() as session:
        *answers, owns = session.execute(text(f"SELECT {asks}, {owner}")).one()
    roles = frozenset(role for role, member in zip(ROLES, answers, strict=True) if member)
    return Permissions(roles=roles, everything=bool(owns) or "chair" in roles)
