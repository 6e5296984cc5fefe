"""Checking conferences out of a team store for offline work, and checking them back in.

Check-out copies what the signed-in person may read of each conference (the server's row
policies decide: the same records a handover carries) into the laptop's own encrypted store
and takes a lease on the server, so nobody else changes the meeting meanwhile. Check-in
sends every change made offline back in one server transaction, keyed by the records'
stable ids, and gives the lease back. The laptop remembers what it checked out (the version
of each record, in its ``exchange_base``), so on the server a record changed only on the
laptop is taken, and one changed on the server too (possible only after a manager broke the
lease) is listed with both versions for a choice. Checking in twice changes nothing.
"""

import json
import socket
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from solodesk.models import Conference, ConferenceLease, ExchangeBase, Setting
from solodesk.services import audit
from solodesk.services.handover import Choice, HandoverPreview, HandoverResult, import_into, preview_in
from solodesk.services.handover import apply as applying
from solodesk.services.handover.collect import collect
from solodesk.services.handover.document import HandoverContents
from solodesk.store import CaseStore
from solodesk.store.errors import CheckedOutError
from solodesk.store.team_store import TeamStore

MARK = "checkout:"


@dataclass(frozen=True)
class CheckedOut:
    """One conference checked out to this laptop."""

    team_conference_id: int
    local_conference_id: int
    label: str


@dataclass(frozen=True)
class CheckedIn:
    """What check-in did for one conference.

    Attributes:
        broken_by: who broke this laptop's lease meanwhile ("" when it stood); the laptop keeps its copy.
    """

    team_conference_id: int
    result: HandoverResult
    broken_by: str = ""


@dataclass(frozen=True)
class LeaseInfo:
    """Who has a conference checked out, for the sentence others read."""

    holder: str
    holder_name: str
    laptop: str
    since: datetime
    broken_by: str

    def sentence(self) -> str:
        """Return "Checked out by NAME since TIME" (or that the check-out was broken)."""
        since = f"{self.since.astimezone():%d %b %Y %H:%M}"
        if self.broken_by:
            return f"Checked out by {self.holder_name or self.holder} since {since}; broken by {self.broken_by}."
        return f"Checked out by {self.holder_name or self.holder} since {since} (read-only until checked in)."


def lease_of(store: CaseStore, conference_id: int) -> LeaseInfo | None:
    """Return the lease on a team store's conference, or None (always None in a laptop store)."""
    if not isinstance(store, TeamStore):
        return None
    with store.session() as session:
        lease = session.scalar(select(ConferenceLease).where(ConferenceLease.conference_id == conference_id))
        if lease is None:
            return None
        return LeaseInfo(lease.holder, lease.holder_name, lease.laptop, lease.since, lease.broken_by)


def check_out(
    team: TeamStore,
    conference_ids: list[int],
    laptop: CaseStore,
    choices: dict[str, Choice] | None = None,
    default: Choice | None = None,
) -> list[CheckedOut]:
    """Copy conferences into the laptop's store and lease them on the server.

    The leases are taken first (in one server transaction); if the copy then fails, they
    are given back.

    Raises:
        CheckedOutError: a conference is checked out by someone else.
        LookupError: no such conference (or not one this login may read).
        ConflictsNeedChoiceError: the laptop changed a record the server changed too.
    """
    taken: list[int] = []
    packs: list[tuple[int, HandoverContents]] = []
    with team.session() as session:
        for conference_id in conference_ids:
            if _take_lease(session, team, conference_id):
                taken.append(conference_id)
            conference, records = collect(session, conference_id, previous_minute=True)
            packs.append((conference_id, HandoverContents(conference.uuid, records, sent_by=team.actor)))
        audit.record(session, "conference.checked_out", "conference", conference_ids[0], detail=_laptop())
    try:
        done = []
        with laptop.session() as session:
            for conference_id, contents in packs:
                result = import_into(session, contents, choices, default)
                session.merge(Setting(key=f"{MARK}{contents.focus}", value=_mark(team, conference_id)))
                label = session.get(Conference, result.conference_id)
                done.append(CheckedOut(conference_id, result.conference_id, _label(label)))
            audit.record(session, "conference.checked_out", "conference", done[0].local_conference_id)
        return done
    except BaseException:
        _give_back(team, taken)
        raise


def preview_check_out(team: TeamStore, conference_ids: list[int], laptop: CaseStore) -> list[HandoverPreview]:
    """Return what checking conferences out would copy into the laptop's store, writing nothing anywhere.

    Raises:
        CheckedOutError: a conference is checked out by someone else.
        LookupError: no such conference (or not one this login may read).
    """
    packs = []
    with team.session() as session:
        for conference_id in conference_ids:
            lease = session.scalar(select(ConferenceLease).where(ConferenceLease.conference_id == conference_id))
            if lease is not None and (lease.holder != team.actor or lease.broken_at is not None):
                raise CheckedOutError(_info(lease).sentence())
            if session.get(Conference, conference_id) is None:
                raise LookupError(
                    f"There is no conference with id {conference_id} in this team store that you may read."
                )
            conference, records = collect(session, conference_id, previous_minute=True)
            packs.append(HandoverContents(conference.uuid, records, sent_by=team.actor))
    with laptop.session() as session:
        return [preview_in(session, contents) for contents in packs]


def preview_check_in(laptop: CaseStore, team: TeamStore) -> list[HandoverPreview]:
    """Return what checking in would change on the team store, writing nothing anywhere."""
    outgoing = _outgoing(laptop, team)
    with team.session() as session:
        return [preview_in(session, contents, bases) for _team_id, contents, bases in outgoing]


def _outgoing(laptop: CaseStore, team: TeamStore) -> list[tuple[int, HandoverContents, dict[str, str]]]:
    """Return, per conference this laptop checked out of the team store, its records and exchanged versions."""
    with laptop.session() as session:
        outgoing = []
        for focus, team_conference_id in _marks(session, team):
            local_id = session.scalar(select(Conference.id).where(Conference.uuid == focus))
            if local_id is None:
                continue
            _conference, records = collect(session, local_id)
            wanted = [r.uuid for r in records]
            bases = dict(
                session.execute(
                    select(ExchangeBase.uuid, ExchangeBase.digest).where(ExchangeBase.uuid.in_(wanted))
                ).all()
            )
            outgoing.append((team_conference_id, HandoverContents(focus, records, sent_by=laptop.actor), bases))
        return outgoing


def check_in(
    laptop: CaseStore,
    team: TeamStore,
    choices: dict[str, Choice] | None = None,
    default: Choice | None = None,
) -> list[CheckedIn]:
    """Send every conference this laptop checked out of the team store back, in one server transaction.

    Raises:
        ConflictsNeedChoiceError: records changed on the server too, and no choice was given (nothing sent).
    """
    outgoing = _outgoing(laptop, team)
    done = []
    with team.session() as session:
        for team_conference_id, contents, bases in outgoing:
            lease = session.scalar(select(ConferenceLease).where(ConferenceLease.conference_id == team_conference_id))
            broken_by = lease.broken_by if lease is not None and lease.broken_at is not None else ""
            if lease is not None and lease.holder != team.actor and not broken_by:
                raise CheckedOutError(f"{_info(lease).sentence()} This laptop cannot check it in.")
            if lease is not None and not broken_by:
                session.delete(lease)  # first: the server takes changes only from the lease's holder, or with none
                session.flush()
            result = import_into(session, contents, choices, default, bases)
            if lease is not None and broken_by:
                session.delete(lease)
            detail = f"added {result.added}; updated {result.updated}; kept {result.kept}"
            audit.record(session, "conference.checked_in", "conference", team_conference_id, detail=detail)
            done.append(CheckedIn(team_conference_id, result, broken_by))
    with laptop.session() as session:
        # What was sent is now the version both sides share; the laptop keeps its copy.
        for _team_id, contents, _bases in outgoing:
            applying.remember_exported(session, contents.records, contents.focus)
            mark = session.get(Setting, f"{MARK}{contents.focus}")
            if mark is not None:
                session.delete(mark)
    return done


def break_lease(team: TeamStore, conference_id: int) -> bool:
    """Break the lease on a conference (chair or manager); return False when none stood.

    Raises:
        ForbiddenError: this login may not break leases.
    """
    with team.session() as session:
        broke = bool(session.scalar(text("SELECT public.solodesk_break_lease(:id)"), {"id": conference_id}))
        if broke:
            audit.record(session, "conference.lease_broken", "conference", conference_id)
        return broke


def may_break_leases(team: TeamStore) -> bool:
    """Return True when this login may break a check-out (the chair or a manager; the server decides too)."""
    with team.session() as session:
        return bool(session.scalar(text("SELECT public.solodesk_is('chair') OR public.solodesk_is('manager')")))


def checked_out_here(laptop: CaseStore) -> list[tuple[str, int, str]]:
    """Return (team store, its conference id, since) for every conference this laptop has checked out."""
    with laptop.session() as session:
        rows = session.scalars(select(Setting).where(Setting.key.startswith(MARK)))
        out = []
        for row in rows:
            data = json.loads(row.value)
            out.append((str(data["store"]), int(data["conference_id"]), str(data["since"])))
        return out


def _take_lease(session: Session, team: TeamStore, conference_id: int) -> bool:
    lease = session.scalar(select(ConferenceLease).where(ConferenceLease.conference_id == conference_id))
    if lease is not None:
        if lease.holder == team.actor and lease.broken_at is None:
            return False  # this login has it already (checked out again, e.g. to another laptop of theirs)
        if lease.broken_at is None:
            raise CheckedOutError(_info(lease).sentence())
        raise CheckedOutError(
            f"The last check-out of this conference was broken by {lease.broken_by}; "
            "it must be checked in from that laptop first."
        )
    if session.get(Conference, conference_id) is None:
        raise LookupError(f"There is no conference with id {conference_id} in this team store that you may read.")
    session.add(
        ConferenceLease(conference_id=conference_id, holder=team.actor, holder_name=team.actor, laptop=_laptop())
    )
    session.flush()
    return True


def _give_back(team: TeamStore, conference_ids: list[int]) -> None:
    if not conference_ids:
        return
    with team.session() as session:
        for lease in session.scalars(select(ConferenceLease).where(ConferenceLease.conference_id.in_(conference_ids))):
            session.delete(lease)


def _marks(session: Session, team: TeamStore) -> list[tuple[str, int]]:
    marks = []
    for row in session.scalars(select(Setting).where(Setting.key.startswith(MARK))):
        data = json.loads(row.value)
        if data.get("store") == team.location:
            marks.append((row.key[len(MARK) :], int(data["conference_id"])))
    return marks


def _mark(team: TeamStore, conference_id: int) -> str:
    since = datetime.now(UTC).isoformat(timespec="seconds")
    return json.dumps({"store": team.location, "conference_id": conference_id, "since": since})


def _info(lease: ConferenceLease) -> LeaseInfo:
    return LeaseInfo(lease.holder, lease.holder_name, lease.laptop, lease.since, lease.broken_by)


def _laptop() -> str:
    return socket.gethostname()[:200]


def _label(conference: Conference | None) -> str:
    if conference is None:
        return ""
    day = f"{conference.meeting_date:%d %B %Y}" if conference.meeting_date else "no date yet"
    return f"{conference.subject.full_name}: {conference.kind.label} conference, {day}"
