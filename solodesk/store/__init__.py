"""Encrypted storage: SQLCipher engine, key slots, migrations (no Qt here).

The names below are imported on first use (PEP 562), so the lock window can
show before SQLAlchemy and Alembic are loaded; ``from solodesk.store import
CaseStore`` works as before.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from solodesk.store.basics import check_passphrase_rules
    from solodesk.store.case_store import CaseStore, IntegrityReport
    from solodesk.store.errors import (
        KeyringUnavailableError,
        StoreError,
        StoreExistsError,
        StoreUnusableError,
        UnlockError,
    )
    from solodesk.store.keyslots import Argon2Params
    from solodesk.store.remembered_key import keyring_available

_HOMES = {
    "Argon2Params": "keyslots",
    "CaseStore": "case_store",
    "IntegrityReport": "case_store",
    "KeyringUnavailableError": "errors",
    "StoreError": "errors",
    "StoreExistsError": "errors",
    "StoreUnusableError": "errors",
    "UnlockError": "errors",
    "check_passphrase_rules": "basics",
    "keyring_available": "remembered_key",
}

__all__ = [
    "Argon2Params",
    "CaseStore",
    "IntegrityReport",
    "KeyringUnavailableError",
    "StoreError",
    "StoreExistsError",
    "StoreUnusableError",
    "UnlockError",
    "check_passphrase_rules",
    "keyring_available",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
