"""What every command-line command shares: exit codes, the command registry, secrets and the store.

Kept apart from :mod:`solodesk.cli` so command groups in their own modules
(:mod:`solodesk.cli_pack`) can register without importing the parser.
"""

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

from solodesk import paths
from solodesk.services.passphrase import check_new_passphrase
from solodesk.store import CaseStore, StoreError, UnlockError
from solodesk.store.team_url import is_team_url
from solodesk.store.writer_lock import StoreInUseError
from solodesk.terminal import echo_on

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNLOCK = 3
EXIT_UNUSABLE = 4
PASSPHRASE_ENV = "SOLODESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "SOLODESK_NEW_PASSPHRASE"
RECOVERY_KEY_ENV = "SOLODESK_RECOVERY_KEY"
PACK_PASSPHRASE_ENV = "SOLODESK_PACK_PASSPHRASE"
WAIT_ENV = "SOLODESK_WAIT_SECONDS"
DEFAULT_WAIT_SECONDS = 10.0
# A team store's login password (the login itself is in the URL).
PASSWORD_ENV = "SOLODESK_PASSWORD"

T = TypeVar("T")
CommandHandler = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, CommandHandler] = {}


class UsageError(Exception):
    """The command was called wrongly; exit 2 with the message."""


def command(name: str) -> Callable[[CommandHandler], CommandHandler]:
    """Register a sub-command handler under a name."""

    def register(handler: CommandHandler) -> CommandHandler:
        COMMANDS[name] = handler
        return handler

    return register


def iso_day(text: str) -> date:
    """Parse a YYYY-MM-DD argument; argparse reports the sentence when it is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD.") from None


def add_store_option(cmd: argparse.ArgumentParser) -> None:
    """Add --store to a sub-command."""
    # SUPPRESS keeps a sub-command from resetting a --store given before the command name
    # (``solodesk --store X check``) to its own default.
    cmd.add_argument(
        "--store",
        type=store_argument,
        default=argparse.SUPPRESS,
        help="the store folder, or a team store's postgresql:// URL (default: the user data folder)",
    )


def store_argument(text: str) -> Path | str:
    """Return a ``--store`` value: a team store's URL kept as text (a Path would fold its ``//``), else a folder."""
    return text if is_team_url(text) else Path(text)


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


def read_pack_passphrase(confirm: bool = False) -> str:
    """Return a pack's passphrase from ``SOLODESK_PACK_PASSPHRASE`` or a prompt (asked twice to confirm a new one).

    Raises:
        UsageError: no environment variable and no terminal, or the two entries differ.
    """
    return read_secret(PACK_PASSPHRASE_ENV, "Pack passphrase: ", confirm=confirm)


def refuse_existing_output(args: argparse.Namespace) -> None:
    """Refuse an ``--out`` that is already there (even a dangling link) unless ``--force`` was given.

    Raises:
        UsageError: something is at ``--out`` and ``--force`` was not given.
    """
    out = Path(args.out)
    if not args.force and (out.is_symlink() or out.exists()):
        raise UsageError(f"{out} already exists; choose another name or use --force.")


def write_sealed_pack(args: argparse.Namespace, write: Callable[[CaseStore, str], T]) -> T:
    """Write a pack to ``--out`` from the store on the command line, sealed with a new pack passphrase.

    ``--out`` is refused before the store is opened; the passphrase is asked (twice) once it is.

    Args:
        args: the command line, with ``--out``, ``--force`` and ``--store``.
        write: writes the pack from the open store with the passphrase and returns what it wrote.

    Raises:
        UsageError: ``--out`` is taken, or ``write`` refused its arguments (a ValueError).
    """
    refuse_existing_output(args)
    with unlock(store_location(args)) as store:
        passphrase = read_pack_passphrase(confirm=True)
        try:
            return write(store, passphrase)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc


def create_store(folder: Path, prompt: str) -> CaseStore:
    """Make a new store in a folder with a new passphrase (asked twice), then show its recovery key once.

    Args:
        folder: where the store is made.
        prompt: the question asking for the new passphrase when ``SOLODESK_PASSPHRASE`` is not set.

    Raises:
        UsageError: the passphrase is too weak, not given, or its two entries differ.
    """
    passphrase = read_secret(PASSPHRASE_ENV, prompt, confirm=True)
    try:
        check_new_passphrase(passphrase)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    store, recovery_key = CaseStore.create(folder, passphrase)
    print(f"Created a store in {folder}.")
    print(f"Recovery key (shown once, keep it somewhere safe): {recovery_key}")
    return store


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
    """Return the store folder named on the command line (before or after the command), or the default one.

    Raises:
        UsageError: a team store's URL was given to a command that works on a folder only.
    """
    store = store_location(args)
    if isinstance(store, str):
        raise UsageError("This command works on a store folder, not on a team store's URL.")
    return store


def store_location(args: argparse.Namespace) -> Path | str:
    """Return the store named on the command line: a folder, or a team store's ``postgresql://`` URL."""
    store = getattr(args, "store", None)
    if not store:
        return paths.default_store_path()
    return store if is_team_url(store) else Path(store)


def unlock(location: Path | str) -> CaseStore:
    """Open an existing store: a folder with the passphrase, a team store with the login's password.

    When another process has a store folder open, says so and waits for it (see the CLI's exit codes).

    Each secret comes from the environment or a prompt; a team store is first tried without
    a password (a local socket may need none), then asked for one when the server wants it.
    """
    if isinstance(location, str):
        return _sign_in(location)
    if not CaseStore.exists(location):
        raise StoreError(f"There is no SOLO Desk store in {location}.")
    passphrase = read_secret(PASSPHRASE_ENV, "Passphrase: ")
    return open_waiting(lambda wait: CaseStore.open_with_passphrase(location, passphrase, wait_seconds=wait))


def _sign_in(url: str) -> CaseStore:
    from solodesk.store.team_store import TeamStore  # loaded only for a team store

    return with_password(lambda password: TeamStore.open(url, password), "Password: ")


def with_password(sign_in: Callable[[str | None], T], prompt: str) -> T:
    """Sign in to a team store with the password from the environment, else none, else (if asked) a prompt.

    A local socket may let a login in without a password; the prompt comes only when the
    server refuses and there is a terminal to ask on.
    """
    password = os.environ.get(PASSWORD_ENV) or None
    try:
        return sign_in(password)
    except UnlockError:
        if password is not None or not sys.stdin.isatty():
            raise
    return sign_in(read_secret(PASSWORD_ENV, prompt))


def open_waiting(open_store: Callable[[float], CaseStore]) -> CaseStore:
    """Open a store, waiting up to ``SOLODESK_WAIT_SECONDS`` while another process has it."""
    try:
        return open_store(0.0)
    except StoreInUseError as exc:
        try:
            wait = float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_SECONDS))
        except ValueError:
            raise UsageError(f"{WAIT_ENV} must be a number of seconds.") from None
        if not wait > 0:
            raise
        print(f"solodesk: {exc} Waiting up to {wait:g} s for it to close…", file=sys.stderr, flush=True)
        return open_store(wait)
