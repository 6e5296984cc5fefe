"""Headless commands: the same services as the GUI, for scripting and support.

Exit codes: 0 success; 2 usage error (including "cannot issue the minute: <reasons>", an
unknown recipient, an output path already taken or a link or special file, an id too large,
and no answer — end of input or Ctrl+C — at a prompt); 3 could not unlock; 4 the store or a
file cannot be used (damaged, written by a newer version, not a SOLO Desk store), a pack
refused (tampered, truncated, wrongly keyed, out of bounds or naming another case's records),
or the disk full, the store busy, a file forbidden, on a read-only disk or missing (each its
own sentence; "damaged" only for damage).
Failures print one plain sentence, never a traceback.
"""

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from solodesk import __version__, paths
from solodesk.cli_report import ReportUsageError, add_report_parser, run_report
from solodesk.reports.fonts import UnprintableTextError
from solodesk.safe_files import OutputRefusedError
from solodesk.services.case_list import format_case_list, list_cases
from solodesk.services.demo import load_demo
from solodesk.services.demo_history import load_demo_history
from solodesk.services.desk import store_desk
from solodesk.services.desk_text import desk_text
from solodesk.services.minute_issue import CannotIssueError, circulate, ensure_issued, issue_recipients
from solodesk.services.minute_views import find_recipient, latest_held_conference
from solodesk.services.packs import Choice, PackError, apply_import, export_pack, preview_import, read_pack
from solodesk.services.packs.conference_pack import write_conference_pack_pdf
from solodesk.services.passphrase import check_new_passphrase
from solodesk.services.reminders import ChaseFolderError, write_reminders
from solodesk.services.summary import summarise
from solodesk.services.text_safety import MAX_RECORD_ID, printable, record_id
from solodesk.store import CaseStore, StoreError, diagnosis
from solodesk.store.backup import backup_store
from solodesk.store.errors import EnvironmentFaultError
from solodesk.store.store_repair import check_damaged_wal, repair_store
from solodesk.terminal import echo_on

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNLOCK = 3
EXIT_UNUSABLE = 4
PASSPHRASE_ENV = "SOLODESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SOLODESK_NEW_PASSPHRASE"
RECOVERY_KEY_ENV = "SOLODESK_RECOVERY_KEY"
PACK_PASSPHRASE_ENV = "SOLODESK_PACK_PASSPHRASE"

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
    parser.add_argument(
        "--store",
        type=Path,
        default=None,
        help="the store folder, for the app and every command (default: the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        _add_store_option(cmd)
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
    backup = add("backup", "Write a complete encrypted copy of the store (opens with the same passphrase).")
    backup.add_argument("--out", type=Path, required=True, help="the folder in which the backup folder is made")
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
    desk.add_argument("--as-of", type=_iso_day, default=None, help="the day, YYYY-MM-DD (default: today)")
    desk.add_argument("--json", action="store_true", help="print JSON for other tools")
    chase = add("chase", "Write a reminder letter (PDF) per owner of actions overdue or due within 14 days.")
    chase.add_argument("--out", type=Path, required=True, help="the folder to write the letters into")
    chase.add_argument("--as-of", type=_iso_day, default=None, help="the day, YYYY-MM-DD (default: today)")
    chase.add_argument("--eml", action="store_true", help="also write an unsent .eml draft per owner, letter attached")
    _add_pack_parser(sub)
    add_report_parser(sub, _add_store_option, _iso_day)
    return parser


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD.") from None


def _add_pack_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    pack = sub.add_parser("pack", help="Export, import or print conference packs.", description="Conference packs.")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        cmd = actions.add_parser(name, help=help_text, description=help_text)
        _add_store_option(cmd)
        return cmd

    export = add("export", "Encrypt a case's preparation into a .solopack file (SOLODESK_PACK_PASSPHRASE).")
    export.add_argument("--case", type=int, required=True, help="the case (subject) id")
    export.add_argument("--out", type=Path, required=True, help="the pack file to write")
    export.add_argument("--force", action="store_true", help="replace the file at --out if one is there")
    imp = add("import", "Show what a pack holds, then import it in one transaction.")
    imp.add_argument("file", type=Path, help="the .solopack file")
    imp.add_argument("--take-theirs", action="store_true", help="settle every conflict with the pack's version")
    pdf = add("pdf", "Write one recipient's conference pack PDF for a case's coming conference.")
    pdf.add_argument("--case", type=int, required=True, help="the case (subject) id")
    pdf.add_argument("--recipient", required=True, help="the name printed as 'Copy for NAME'")
    pdf.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    pdf.add_argument("--conference", type=int, default=None, help="the conference id (default: the next one)")
    pdf.add_argument("--force", action="store_true", help="replace the file at --out if one is there")


def _add_store_option(cmd: argparse.ArgumentParser) -> None:
    # SUPPRESS keeps a sub-command from resetting a --store given before the command name
    # (``solodesk --store X check``) to its own default.
    cmd.add_argument(
        "--store", type=Path, default=argparse.SUPPRESS, help="the store folder (default: the user data folder)"
    )


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
    try:
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Repeat it: ") != first:
            raise UsageError("The two entries do not match.")
    except EOFError:
        raise UsageError("No passphrase was given; nothing was changed.") from None
    return first


def ask(question: str) -> str:
    """Return a person's answer to a question whose answer is not secret (shown as typed).

    Raises:
        UsageError: end of input instead of an answer.
    """
    try:
        with echo_on():
            return input(question)
    except EOFError:
        raise UsageError("No answer was given; nothing was changed.") from None


def store_folder(args: argparse.Namespace) -> Path:
    """Return the store folder named on the command line (before or after the command), or the default one."""
    store = getattr(args, "store", None)
    return Path(store) if store else paths.default_store_path()


def unlock(folder: Path) -> CaseStore:
    """Open an existing store with the passphrase from the environment or a prompt."""
    if not CaseStore.exists(folder):
        raise StoreError(f"There is no SOLO Desk store in {folder}.")
    return CaseStore.open_with_passphrase(folder, read_secret(PASSPHRASE_ENV, "Passphrase: "))


def _create(folder: Path) -> CaseStore:
    passphrase = read_secret(PASSPHRASE_ENV, "New passphrase: ", confirm=True)
    try:
        check_new_passphrase(passphrase)
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
        load_demo_history(session)  # the desk's extra cases, dated from today
    print("Added the demo case." if added else "The demo case is already in this store.")
    return EXIT_OK


@command("desk")
def _cmd_desk(args: argparse.Namespace) -> int:
    with unlock(store_folder(args)) as store:
        desk = store_desk(store, args.as_of or date.today())
    print(json.dumps(desk.to_json(), ensure_ascii=False, indent=1) if args.json else desk_text(desk))
    return EXIT_OK


@command("chase")
def _cmd_chase(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder.")
    out.mkdir(parents=True, exist_ok=True)
    with unlock(store_folder(args)) as store:
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
        written = run_report(args, lambda: unlock(store_folder(args)))
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
        with CaseStore.open_with_passphrase(folder, passphrase) as store:
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
    with unlock(store_folder(args)) as store, store.session() as session:
        lines = format_case_list(list_cases(session))
    for line in lines:
        print(line)
    return EXIT_OK


@command("backup")
def _cmd_backup(args: argparse.Namespace) -> int:
    with unlock(store_folder(args)) as store:
        folder = backup_store(store, args.out)
    print(folder)
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
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder.")
    out.mkdir(parents=True, exist_ok=True)
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
        int(value)
    except ValueError:
        raise UsageError(f"--conference takes a number or 'latest', not {value!r}.") from None
    try:
        return record_id(value, "conference id")
    except ValueError as exc:
        raise UsageError(str(exc)) from None


@command("pack")
def _cmd_pack(args: argparse.Namespace) -> int:
    try:
        if args.pack_command == "export":
            return _pack_export(args)
        if args.pack_command == "import":
            return _pack_import(args)
        return _pack_pdf(args)
    except LookupError as exc:
        raise UsageError(str(exc.args[0])) from exc
    except UnprintableTextError as exc:
        raise PackError(f"The PDF was not written. {exc}") from exc


def _refuse_existing_output(args: argparse.Namespace) -> None:
    out = Path(args.out)
    if args.force:
        return
    if out.is_symlink() or out.exists():
        raise UsageError(f"{out} already exists; choose another name or use --force.")


def _pack_export(args: argparse.Namespace) -> int:
    _refuse_existing_output(args)
    with unlock(store_folder(args)) as store:
        passphrase = read_secret(PACK_PASSPHRASE_ENV, "Pack passphrase: ", confirm=True)
        try:
            summary = export_pack(store, args.case, args.out, passphrase, overwrite=args.force)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
    print(f"Wrote {summary.items} item(s) to {summary.path} ({summary.size / 1_048_576:.1f} MB).")
    return EXIT_OK


def _pack_import(args: argparse.Namespace) -> int:
    # The pack is checked whole before the store is even opened: a refused pack touches nothing.
    contents = read_pack(args.file, read_secret(PACK_PASSPHRASE_ENV, "Pack passphrase: "))
    with unlock(store_folder(args)) as store:
        preview = preview_import(store, contents)
        where = f"matches case {preview.subject_id} by {preview.matched_by}" if preview.subject_id else "is a new case"
        # The pack's text came from another computer: control characters are shown escaped, never sent raw.
        born = preview.date_of_birth or "no date of birth"
        print(printable(f"Pack for {preview.subject_name} ({born}): {where}."))
        for item in preview.items:
            print(printable(f"  [{item.status}] {item.kind}: {item.summary}"))
        choices = {}
        default = Choice.TAKE_THEIRS if args.take_theirs else Choice.KEEP_MINE
        for conflict in preview.conflicts:
            print(f"Conflict: {printable(conflict.label)}")
            print(f"  mine:   {printable(conflict.mine)}\n  theirs: {printable(conflict.theirs)}")
            if sys.stdin.isatty() and not args.take_theirs:
                answer = ask("  Keep mine or take theirs? [M/t] ").strip().lower()
                choices[conflict.key] = Choice.TAKE_THEIRS if answer.startswith("t") else Choice.KEEP_MINE
        result = apply_import(store, contents, choices, default)
    created = "created the case; " if result.created_case else ""
    print(
        f"Imported into case {result.subject_id}: {created}added {result.added}, updated {result.updated}, "
        f"kept {result.kept} of the store's version, {result.unchanged} already here."
    )
    return EXIT_OK


def _pack_pdf(args: argparse.Namespace) -> int:
    _refuse_existing_output(args)
    with unlock(store_folder(args)) as store:
        size = write_conference_pack_pdf(
            store, args.case, args.recipient, args.out, args.conference, overwrite=args.force
        )
    print(f"Wrote the conference pack for {args.recipient} to {args.out} ({size / 1024:.0f} KB).")
    return EXIT_OK


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
    places = [store_folder(args)]
    for name in ("out", "file"):
        value = getattr(args, name, None)
        if value is not None:
            places.append(Path(value))
    return places
