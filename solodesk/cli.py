"""Headless commands: the same services as the GUI, for scripting and support.

Exit codes: 0 success; 2 usage error (including "cannot issue the minute: <reasons>", an
unknown recipient, an output path already taken or a link or special file, an id too large,
and no answer — end of input or Ctrl+C — at a prompt); 3 could not unlock; 4 the store or a
file cannot be used (damaged, written by a newer version, not a SOLO Desk store), a pack
refused (tampered, truncated, wrongly keyed, out of bounds or naming another case's records), a
``team import`` refused because cases are already in the team store (each match listed first),
``pg_dump`` missing or failing for a team store's backup,
or the disk full, the store busy, a file forbidden, on a read-only disk or missing (each its
own sentence; "damaged" only for damage), or the store is open in another SOLO Desk process
("This store is open in SOLO Desk (process N since TIME).") after waiting for it to close for
``SOLODESK_WAIT_SECONDS`` seconds (default 10; 0 does not wait).
Failures print one plain sentence, never a traceback.
"""

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from solodesk import __version__
from solodesk.cli_checkout import add_checkout_parsers
from solodesk.cli_common import (
    COMMANDS,
    EXIT_OK,
    EXIT_UNLOCK,
    EXIT_UNUSABLE,
    EXIT_USAGE,
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    RECOVERY_KEY_ENV,
    UsageError,
    add_store_option,
    command,
    create_store,
    iso_day,
    open_waiting,
    read_secret,
    store_argument,
    store_folder,
    store_location,
    unlock,
)
from solodesk.cli_handover import add_handover_parser
from solodesk.cli_pack import add_pack_parser
from solodesk.cli_report import ReportUsageError, add_report_parser, run_report
from solodesk.cli_team import add_team_parser
from solodesk.reports.fonts import UnprintableTextError
from solodesk.safe_files import OutputRefusedError
from solodesk.services.case_list import format_case_list, list_cases
from solodesk.services.demo import load_demo
from solodesk.services.demo_history import load_demo_history
from solodesk.services.desk import store_desk
from solodesk.services.desk_text import desk_text
from solodesk.services.minute_issue import CannotIssueError, circulate, ensure_issued, issue_recipients
from solodesk.services.minute_views import find_recipient, latest_held_conference
from solodesk.services.packs import PackError
from solodesk.services.passphrase import check_new_passphrase
from solodesk.services.reminders import ChaseFolderError, write_reminders
from solodesk.services.summary import summarise
from solodesk.services.text_safety import MAX_RECORD_ID, record_id
from solodesk.store import CaseStore, StoreError, diagnosis
from solodesk.store.backup import backup_store
from solodesk.store.errors import EnvironmentFaultError
from solodesk.store.store_repair import check_damaged_wal, repair_store


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``solodesk``."""
    parser = argparse.ArgumentParser(
        prog="solodesk",
        description="SOLO Desk: risk management case conferences. With no command, the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"SOLO Desk {__version__}")
    parser.add_argument(
        "--store",
        type=store_argument,
        default=None,
        help="the store folder, for the app and every command (default: the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        add_store_option(cmd)
        return cmd

    add("init", "Create a store and print its recovery key once.")
    add("demo", "Create the store if needed, then add the fictional demo case (once).")
    check = add("check", "Unlock, verify integrity, key slots and schema version, and print a short summary.")
    check.add_argument(
        "--repair",
        action="store_true",
        help="copy the store aside, then keep what is intact of a damaged write-ahead log or key file",
    )
    add("list", "List every case and its conferences with the ids other commands take.")
    backup = add(
        "backup",
        "Write a complete encrypted copy of the store (opens with the same passphrase); "
        "a team store's is a pg_dump custom-format file.",
    )
    backup.add_argument(
        "--out", type=Path, required=True, help="the folder the backup folder is made in (a team store: the new file)"
    )
    passphrase = add("passphrase", "Change the passphrase (new one from SOLODESK_NEW_PASSPHRASE when set).")
    passphrase.add_argument(
        "--recovery",
        action="store_true",
        help="unlock with the recovery key (SOLODESK_RECOVERY_KEY or a prompt) instead of the passphrase",
    )
    minutes = add("minutes", "Write every recipient's copy of a conference's current minute (issuing v1 if needed).")
    minutes.add_argument("--conference", required=True, help="the conference id, or 'latest' (most recent held)")
    minutes.add_argument("--out", type=Path, required=True, help="the folder to write the copies into")
    minutes.add_argument("--recipient", default=None, help="write only this recipient's copy (name, any case/accents)")
    desk = add("desk", "Print what is due and overdue across every case (the desk), as text or JSON.")
    desk.add_argument("--as-of", type=iso_day, default=None, help="the day, YYYY-MM-DD (default: today)")
    desk.add_argument("--json", action="store_true", help="print JSON for other tools")
    chase = add("chase", "Write a reminder letter (PDF) per owner of actions overdue or due within 14 days.")
    chase.add_argument("--out", type=Path, required=True, help="the folder to write the letters into")
    chase.add_argument("--as-of", type=iso_day, default=None, help="the day, YYYY-MM-DD (default: today)")
    chase.add_argument("--eml", action="store_true", help="also write an unsent .eml draft per owner, letter attached")
    add_pack_parser(sub)
    add_handover_parser(sub)
    add_checkout_parsers(sub)
    add_report_parser(sub, add_store_option, iso_day)
    add_team_parser(sub)
    return parser


def _create(folder: Path) -> CaseStore:
    return create_store(folder, "New passphrase: ")


@command("init")
def _cmd_init(args: argparse.Namespace) -> int:
    folder = store_folder(args)
    if CaseStore.exists(folder):
        raise UsageError(f"A store already exists in {folder}.")
    _create(folder).close()
    return EXIT_OK


@command("demo")
def _cmd_demo(args: argparse.Namespace) -> int:
    folder = store_folder(args)
    with unlock(folder) if CaseStore.exists(folder) else _create(folder) as store, store.session() as session:
        added = load_demo(session)
        load_demo_history(session)  # the desk's extra cases, dated from today
    print("Added the demo case." if added else "The demo case is already in this store.")
    return EXIT_OK


@command("desk")
def _cmd_desk(args: argparse.Namespace) -> int:
    with unlock(store_location(args)) as store:
        desk = store_desk(store, args.as_of or date.today())
    print(json.dumps(desk.to_json(), ensure_ascii=False, indent=1) if args.json else desk_text(desk))
    return EXIT_OK


def _output_folder(args: argparse.Namespace) -> Path:
    """Return ``--out`` as a folder, made if missing; a file there is a usage error."""
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder.")
    out.mkdir(parents=True, exist_ok=True)
    return out


@command("chase")
def _cmd_chase(args: argparse.Namespace) -> int:
    out = _output_folder(args)
    with unlock(store_location(args)) as store:
        try:
            result = write_reminders(store, args.as_of or date.today(), out, drafts=args.eml)
        except (ChaseFolderError, UnprintableTextError) as exc:
            raise UsageError(f"No letter was written. {exc}") from None
    for path in result.letters + result.drafts:
        print(path)
    print(result.sentence(out), file=sys.stderr)
    return EXIT_OK


@command("report")
def _cmd_report(args: argparse.Namespace) -> int:
    try:
        written = run_report(args, lambda: unlock(store_location(args)))
    except ReportUsageError as exc:
        raise UsageError(str(exc)) from None
    except UnprintableTextError as exc:
        raise UsageError(f"The report was not written. {exc}") from None
    for path in written.paths:
        print(path)
    return EXIT_OK


@command("check")
def _cmd_check(args: argparse.Namespace) -> int:
    folder = store_folder(args)
    if not CaseStore.exists(folder):
        raise StoreError(f"There is no SOLO Desk store in {folder}.")
    passphrase = read_secret(PASSPHRASE_ENV, "Passphrase: ")
    if args.repair:
        for line in repair_store(folder, passphrase).lines():
            print(line)
    # A damaged write-ahead log is reported from the files alone: opening would recover and lose it.
    report = check_damaged_wal(folder, passphrase)
    if report is None:
        with open_waiting(lambda wait: CaseStore.open_with_passphrase(folder, passphrase, wait_seconds=wait)) as store:
            report = store.check_integrity()
            with store.session() as session:
                summary = summarise(session)
    if not report.ok:
        for problem in report.problems:
            print(problem, file=sys.stderr)
        print("The store failed its integrity check.", file=sys.stderr)
        return EXIT_UNUSABLE
    print(f"OK: schema {report.schema_revision}; {summary.line()}")
    return EXIT_OK


@command("list")
def _cmd_list(args: argparse.Namespace) -> int:
    with unlock(store_location(args)) as store, store.session() as session:
        lines = format_case_list(list_cases(session))
    for line in lines:
        print(line)
    return EXIT_OK


@command("backup")
def _cmd_backup(args: argparse.Namespace) -> int:
    location = store_location(args)
    with unlock(location) as store:
        if isinstance(location, Path):
            folder = backup_store(store, args.out)
        else:
            from solodesk.store.team_backup import dump_team_store  # a team store: the server's own pg_dump

            folder = dump_team_store(store, args.out)
    print(folder)
    return EXIT_OK


@command("passphrase")
def _cmd_passphrase(args: argparse.Namespace) -> int:
    folder = store_folder(args)
    if args.recovery:
        if not CaseStore.exists(folder):
            raise StoreError(f"There is no SOLO Desk store in {folder}.")
        recovery_key = read_secret(RECOVERY_KEY_ENV, "Recovery key: ")
        store = open_waiting(lambda wait: CaseStore.open_with_recovery_key(folder, recovery_key, wait_seconds=wait))
    else:
        store = unlock(folder)
    with store:
        new = read_secret(NEW_PASSPHRASE_ENV, "New passphrase: ", confirm=True)
        try:
            check_new_passphrase(new)
            store.change_passphrase(new)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        print("Passphrase changed.")
        if args.recovery:
            # The old recovery key has now been typed somewhere: it is used up, and a fresh one
            # replaces it, so "shown once" stays true.
            print(
                f"New recovery key (shown once, keep it somewhere safe; the old one no longer works): "
                f"{store.new_recovery_key()}"
            )
    return EXIT_OK


@command("minutes")
def _cmd_minutes(args: argparse.Namespace) -> int:
    out = _output_folder(args)
    with unlock(store_location(args)) as store:
        try:
            conference_id = _conference_id(store, args.conference)
            ensure_issued(store, conference_id)
            chosen = None
            if args.recipient is not None:
                recipient = find_recipient(issue_recipients(store, conference_id), args.recipient)
                if recipient is None:
                    raise UsageError(f"Nobody called {args.recipient!r} is on the minute's distribution list.")
                chosen = [recipient.number]
            copies = circulate(store, conference_id, out, chosen)
        except (CannotIssueError, UnprintableTextError) as exc:
            reasons = exc.reasons if isinstance(exc, CannotIssueError) else [m.describe() for m in exc.missing]
            raise UsageError("cannot issue the minute: " + " ".join(reasons)) from None
    for copy in copies:
        print(copy.path)
    return EXIT_OK


def _conference_id(store: CaseStore, value: str) -> int:
    if value == "latest":
        found = latest_held_conference(store)
        if found is None:
            raise UsageError("No conference in this store has been held yet.")
        return found
    try:
        int(value)
    except ValueError:
        raise UsageError(f"--conference takes a number or 'latest', not {value!r}.") from None
    try:
        return record_id(value, "conference id")
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run(argv: Sequence[str] | None = None) -> int:
    """Run a command line and return its exit code (the GUI is not started here).

    Returns:
        The exit code; -1 when no sub-command was given (the caller opens the GUI).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return -1
    try:
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"solodesk: {exc}", file=sys.stderr)
        # Copies not written because the disk was full (or forbidden, ...) are no usage error.
        refused = getattr(exc.__context__, "__cause__", None)
        return EXIT_UNUSABLE if isinstance(refused, EnvironmentFaultError) else EXIT_USAGE
    except PackError as exc:
        print(f"solodesk: {exc}", file=sys.stderr)
        # An output path already taken, or a link or special file, is the caller's to change.
        return EXIT_USAGE if isinstance(exc.__cause__, OutputRefusedError) else EXIT_UNUSABLE
    except StoreError as exc:
        print(f"solodesk: {exc}", file=sys.stderr)
        return exc.exit_code if exc.exit_code in (EXIT_USAGE, EXIT_UNLOCK, EXIT_UNUSABLE) else EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("solodesk: interrupted; nothing was changed.", file=sys.stderr)
        return EXIT_USAGE
    except OverflowError:
        # A number too large for any record id (--case 99999999999999999999) reached a lookup.
        print(f"solodesk: A number given is too large to be an id (ids run to {MAX_RECORD_ID}).", file=sys.stderr)
        return EXIT_USAGE
    except diagnosis.STORAGE_ERRORS as exc:
        # Disk full, busy, forbidden, read-only, missing: each its own sentence; "damaged" only for damage.
        found = diagnosis.diagnose(exc, _places(args))
        if found is not None:
            print(f"solodesk: {found}", file=sys.stderr)
        elif isinstance(exc, OSError):
            where = f" ({exc.filename})" if exc.filename else ""
            print(f"solodesk: A file could not be used{where}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_UNUSABLE


def _places(args: argparse.Namespace) -> list[Path]:
    """Return the folders and files a command works on: the store first, then its output or input."""
    store = store_location(args)
    places = [store] if isinstance(store, Path) else []
    for name in ("out", "file"):
        value = getattr(args, name, None)
        if value is not None:
            places.append(Path(value))
    return places
