"""Changing a store's key slots: passphrase, recovery key, the keyring's secret.

A mixin of :class:`solodesk.store.case_store.CaseStore`. Every change re-reads the
key file first (under the store's writer lock), so no other process's change is undone.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from solodesk.store import keyslots, remembered_key
from solodesk.store.basics import SLOTS_NAME, check_passphrase_rules
from solodesk.store.keyslots import KEYRING, RECOVERY, Argon2Params, KeySlotFile, new_database_key, new_recovery_key
from solodesk.store.writer_lock import StoreReadOnlyError

log = logging.getLogger(__name__)


class KeySlotOperations:
    """The key-slot changes of an open store."""

    # Provided by the store.
    folder: Path
    read_only_reason: str | None
    _slots: KeySlotFile

    _require_key: Callable[[], bytearray]

    def _fresh_slots(self) -> KeySlotFile:
        """Re-read the key file before changing it, so no other process's change is undone.

        Raises:
            StoreReadOnlyError: this process has the store read-only (another holds the lock).
        """
        if self.read_only_reason is not None:
            raise StoreReadOnlyError(self.read_only_reason)
        self._require_key()
        self._slots = KeySlotFile.load(self.folder / SLOTS_NAME)
        return self._slots

    def change_passphrase(self, new_passphrase: str, kdf: Argon2Params | None = None) -> None:
        """Re-wrap the key under a new passphrase; the data is not re-encrypted."""
        check_passphrase_rules(new_passphrase)
        self._fresh_slots()
        self._slots.set_passphrase(new_passphrase, self._require_key(), kdf or keyslots.DEFAULT_ARGON2)
        self._slots.save()
        log.info("passphrase changed")

    def new_recovery_key(self) -> str:
        """Replace the recovery key and return the new one (shown once)."""
        self._fresh_slots()
        recovery_key = new_recovery_key()
        self._slots.set_recovery_key(recovery_key, self._require_key())
        self._slots.save()
        return recovery_key

    def remember_on_this_computer(self) -> None:
        """Keep an unlock secret in the OS keyring.

        Raises:
            KeyringUnavailableError: no keyring; the store stays passphrase-only.
        """
        self._fresh_slots()
        secret = new_database_key()
        remembered_key.save_secret(self._slots.store_id, secret)
        self._slots.set_keyring_secret(secret, self._require_key())
        self._slots.save()

    def forget_on_this_computer(self) -> None:
        """Remove the keyring slot and the keyring entry."""
        self._fresh_slots()
        remembered_key.forget_secret(self._slots.store_id)
        self._slots.remove(KEYRING)
        self._slots.save()

    def has_recovery_slot(self) -> bool:
        """Return True when a recovery key can unlock this store."""
        return self._slots.has(RECOVERY)
