"""Headless commands: the same services as the GUI, for scripting and support.

Exit codes: 0 success; 2 usage error (including "cannot issue the minute: <reasons>" and an
unknown recipient); 3 could not unlock; 4 store unusable.
Failures print one plain sentence, never a traceback.
"""

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from solodesk import __version__, paths
from solodesk.reports.minute_pdf import UnprintableTextError
from solodesk.services.demo import load_demo
from solodesk.services.minute_issue import CannotIssueError, circulate, ensure_issued, issue_recipients
from solodesk.services.minute_views import find_recipient, latest_held_conference
from solodesk.services.summary import summarise
from solodesk.store import CaseStore, StoreError, check_passphrase_rules

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNLOCK = 3
EXIT_UNUSABLE = 4
PASSPHRASE_ENV = "SOLODESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SOLODESK_NEW_PASSPHRASE"
RECOVERY_KEY_ENV = "SOLODESK_RECOVERY_KEY"

CommandHandler = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, CommandHandler] = {}


class UsageError(Exception):
    """The command was called wrongly; exit 2 with the message."""


def command(name: str) -> Callable[[CommandHandler], CommandHandler]:
    """Register a sub-command handler under a name."""

    def register(handler: CommandHandler) -> CommandHandler:
        _COMMANDS[name] = handler
        return handler

    return register


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``solodesk``."""
    parser = argparse.ArgumentParser(
        prog="solodesk",
        description="SOLO Desk: risk management case conferences. With no command, the app opens.",
    )
    parser.add_argument("--version", action="version", version=f"SOLO Desk {__version__}")
    parser.add_argument("--store", type=Path, help="store folder for the app (default: the user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--store", type=Path, default=None, help="the store folder (default: the user data folder)")
        return cmd

    add("init", "Create a store and print its recovery key once.")
    add("demo", "Create the store if needed, then add the fictional demo case (once).")
    add("check", "Unlock, verify integrity and schema version, and print a short summary.")
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
    return parser


def read_secret(env_name: str, prompt: str, confirm: bool = False) -> str:
    """Return a secret from the environment or, failing that, a terminal prompt.

    Raises:
        UsageError: no environment variable and no terminal to ask on.
    """
    value = os.environ.get(env_name)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"No terminal to ask for the passphrase: set {env_name}.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Repeat it: ") != first:
        raise UsageError("The two entries do not match.")
    return first


def store_folder(args: argparse.Namespace) -> Path:
    """Return the store folder named on the command line, or the default one."""
    return Path(args.store) if args.store else paths.default_store_path()


def unlock(folder: Path) -> CaseStore:
    """Open an existing store with the passphrase from the environment or a prompt."""
    if not CaseStore.exists(folder):
        raise StoreError(f"There is no SOLO Desk store in {folder}.")
    return CaseStore.open_with_passphrase(folder, read_secret(PASSPHRASE_ENV, "Passphrase: "))


def _create(folder: Path) -> CaseStore:
    passphrase = read_secret(PASSPHRASE_ENV, "New passphrase: ", confirm=True)
    try:
        check_passphrase_rules(passphrase)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    store, recovery_key = CaseStore.create(folder, passphrase)
    print(f"Created a store in {folder}.")
    print(f"Recovery key (shown once, keep it somewhere safe): {recovery_key}")
    return store


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
    print("Added the demo case." if added else "The demo case is already in this store.")
    return EXIT_OK


@command("check")
def _cmd_check(args: argparse.Namespace) -> int:
    with unlock(store_folder(args)) as store:
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


@command("passphrase")
def _cmd_passphrase(args: argparse.Namespace) -> int:
    folder = store_folder(args)
    if args.recovery:
        if not CaseStore.exists(folder):
            raise StoreError(f"There is no SOLO Desk store in {folder}.")
        store = CaseStore.open_with_recovery_key(folder, read_secret(RECOVERY_KEY_ENV, "Recovery key: "))
    else:
        store = unlock(folder)
    with store:
        new = read_secret(NEW_PASSPHRASE_ENV, "New passphrase: ", confirm=True)
        try:
            store.change_passphrase(new)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    print("Passphrase changed.")
    return EXIT_OK


@command("minutes")
def _cmd_minutes(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.is_dir():
        raise UsageError(f"The folder {out} does not exist.")
    with unlock(store_folder(args)) as store:
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
        return int(value)
    except ValueError:
        raise UsageError(f"--conference takes a number or 'latest', not {value!r}.") from None


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
        return _COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"solodesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"solodesk: {exc}", file=sys.stderr)
        return exc.exit_code if exc.exit_code in (EXIT_USAGE, EXIT_UNLOCK, EXIT_UNUSABLE) else EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("solodesk: interrupted; nothing was changed.", file=sys.stderr)
        return EXIT_USAGE
