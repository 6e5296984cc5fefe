"""``solodesk checkout``, ``checkin`` and ``lease``: conferences of a team store taken offline on a laptop.

``checkout --store URL --conference ID --to FOLDER`` copies what the login may read of a
conference into the laptop's encrypted store (made if missing, new passphrase from
``SOLODESK_PASSPHRASE`` or asked twice) and leases it on the server. ``checkin --from
FOLDER --store URL`` sends the offline changes back in one server transaction and gives
the lease back; a record changed on the server too is a conflict (exit 5 without a choice).
``lease --store URL --conference ID [--break]`` says who has a conference; a chair or a
manager breaks the lease with ``--break``.
"""

import argparse
import sys
from pathlib import Path

from solodesk.cli_common import (
    EXIT_OK,
    UsageError,
    add_store_option,
    command,
    create_store,
    store_location,
    unlock,
)
from solodesk.services.checkout import break_lease, check_in, check_out, lease_of
from solodesk.services.handover import Choice, ConflictsNeedChoiceError
from solodesk.services.text_safety import printable
from solodesk.store import CaseStore
from solodesk.store.team_store import TeamStore

EXIT_CONFLICTS = ConflictsNeedChoiceError.exit_code


def add_checkout_parsers(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Add ``checkout``, ``checkin`` and ``lease`` to the command line."""
    out = sub.add_parser(
        "checkout", help="Check a team store's conference out to this laptop's store for offline work."
    )
    add_store_option(out)
    out.add_argument("--conference", type=int, action="append", required=True, help="the conference id (repeatable)")
    out.add_argument("--to", type=Path, required=True, help="the laptop's store folder (made if missing)")
    back = sub.add_parser("checkin", help="Send conferences checked out to a laptop back to the team store.")
    back.add_argument("--from", dest="source", type=Path, required=True, help="the laptop's store folder")
    add_store_option(back)
    settle = back.add_mutually_exclusive_group()
    settle.add_argument("--take-theirs", action="store_true", help="conflicts: take the laptop's version")
    settle.add_argument("--keep-mine", action="store_true", help="conflicts: keep the team store's version")
    lease = sub.add_parser("lease", help="Show who has a team store's conference checked out; --break to end it.")
    add_store_option(lease)
    lease.add_argument("--conference", type=int, required=True, help="the conference id")
    lease.add_argument("--break", dest="break_it", action="store_true", help="break the lease (chair or manager)")


def _team(args: argparse.Namespace) -> TeamStore:
    location = store_location(args)
    if not isinstance(location, str):
        raise UsageError("--store must be a team store's postgresql:// address for this command.")
    store = unlock(location)
    assert isinstance(store, TeamStore)  # a postgresql:// location opens a team store
    return store


def _laptop(folder: Path) -> CaseStore:
    if CaseStore.exists(folder):
        return unlock(folder)
    return create_store(folder, "New passphrase for the laptop's store: ")


@command("checkout")
def _cmd_checkout(args: argparse.Namespace) -> int:
    team = _team(args)
    with team, _laptop(args.to) as laptop:
        try:
            done = check_out(team, list(args.conference), laptop, default=Choice.TAKE_THEIRS)
        except LookupError as exc:
            raise UsageError(str(exc.args[0])) from exc
    for item in done:
        print(printable(f"Checked out conference {item.team_conference_id} ({item.label}) to {args.to}"))
        print(f"  (conference {item.local_conference_id} there)")
    return EXIT_OK


@command("checkin")
def _cmd_checkin(args: argparse.Namespace) -> int:
    default = Choice.TAKE_THEIRS if args.take_theirs else Choice.KEEP_MINE if args.keep_mine else None
    with _laptop_existing(args.source) as laptop:
        team = _team(args)
        with team:
            try:
                done = check_in(laptop, team, default=default)
            except ConflictsNeedChoiceError as exc:
                print(
                    f"solodesk: {len(exc.conflicts)} record(s) changed on the team store too "
                    "(its check-out was broken); nothing was sent. Run again with --take-theirs (the laptop's) "
                    "or --keep-mine (the team store's):",
                    file=sys.stderr,
                )
                for conflict in exc.conflicts:
                    print(printable(f"  {conflict.label}"), file=sys.stderr)
                    print(printable(f"    team store: {conflict.mine}"), file=sys.stderr)
                    print(printable(f"    laptop:     {conflict.theirs}"), file=sys.stderr)
                return EXIT_CONFLICTS
    if not done:
        print("Nothing is checked out to this laptop from that team store.")
    for item in done:
        result = item.result
        print(
            f"Checked in conference {item.team_conference_id}: added {result.added}, updated {result.updated}, "
            f"kept {result.kept} of the team store's version, {result.unchanged} unchanged."
        )
        if item.broken_by:
            print(
                printable(
                    f"  Its check-out had been broken by {item.broken_by}: what changed on both sides was settled "
                    "as chosen, and the laptop keeps its own copy for checking by hand."
                )
            )
    return EXIT_OK


def _laptop_existing(folder: Path) -> CaseStore:
    if not CaseStore.exists(folder):
        raise UsageError(f"There is no SOLO Desk store in {folder}.")
    return unlock(folder)


@command("lease")
def _cmd_lease(args: argparse.Namespace) -> int:
    team = _team(args)
    with team:
        if args.break_it:
            broke = break_lease(team, args.conference)
            print("The check-out was broken." if broke else "Nobody has this conference checked out.")
            return EXIT_OK
        lease = lease_of(team, args.conference)
    print(printable(lease.sentence()) if lease is not None else "Nobody has this conference checked out.")
    return EXIT_OK
