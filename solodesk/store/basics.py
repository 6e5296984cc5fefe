"""What can be known about a store without opening it: its file names and the passphrase rule.

Kept free of SQLAlchemy, Alembic and cryptography so the lock window can use
it before any of those are loaded.
"""

import getpass
from pathlib import Path

DB_NAME = "cases.db"
SLOTS_NAME = "keyslots.json"
MIN_PASSPHRASE_LENGTH = 8


def store_exists(folder: Path) -> bool:
    """Return True when a store (its key file) is in the folder."""
    return (Path(folder) / SLOTS_NAME).is_file()


def check_passphrase_rules(passphrase: str) -> None:
    """Refuse a passphrase too short to protect the store.

    Raises:
        ValueError: with a sentence for the user.
    """
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValueError(f"The passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long.")


def os_user() -> str:
    """Return the operating-system user name (who acts, on a store file of one computer)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
