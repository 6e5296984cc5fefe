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

from solodesk import paths
from solodesk.store import CaseStore, StoreError
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
