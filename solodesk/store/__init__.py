"""Encrypted storage: SQLCipher engine, key slots, migrations (no Qt here)."""

from solodesk.store.case_store import CaseStore, IntegrityReport, check_passphrase_rules
from solodesk.store.errors import (
    KeyringUnavailableError,
    StoreError,
    StoreExistsError,
    StoreUnusableError,
    UnlockError,
)
from solodesk.store.keyslots import Argon2Params
from solodesk.store.remembered_key import keyring_available

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
