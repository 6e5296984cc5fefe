"""The OS keyring as an optional place to remember a store's unlock secret.

Only a random per-store secret goes to the keyring; it unwraps the keyring key
slot. Where no keyring backend exists (a bare Linux desktop, a locked wallet)
everything degrades to passphrase-only with a clear message.
"""

import logging

import keyring
import keyring.backends.fail
import keyring.errors

from solodesk.store.errors import KeyringUnavailableError

SERVICE_NAME = "SOLO Desk"
log = logging.getLogger(__name__)


def _entry_name(store_id: str) -> str:
    return f"store-{store_id}"


def keyring_available() -> bool:
    """Return True when an OS keyring backend can hold secrets on this computer."""
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError:
        return False
    if isinstance(backend, keyring.backends.fail.Keyring):
        return False
    # The chainer reports priority 0 when it has no usable backend behind it.
    try:
        return float(getattr(backend, "priority", 1)) > 0
    except keyring.errors.KeyringError:
        return False


def save_secret(store_id: str, secret: bytes) -> None:
    """Remember a store's secret in the OS keyring.

    Raises:
        KeyringUnavailableError: no keyring is usable.
    """
    if not keyring_available():
        raise KeyringUnavailableError("No system keyring is available on this computer; use the passphrase.")
    try:
        keyring.set_password(SERVICE_NAME, _entry_name(store_id), secret.hex())
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError("The system keyring refused to store the key; use the passphrase.") from exc


def load_secret(store_id: str) -> bytes:
    """Return the remembered secret of a store.

    Raises:
        KeyringUnavailableError: no keyring, or nothing remembered for this store.
    """
    if not keyring_available():
        raise KeyringUnavailableError("No system keyring is available on this computer; use the passphrase.")
    try:
        value = keyring.get_password(SERVICE_NAME, _entry_name(store_id))
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError("The system keyring is locked or unavailable; use the passphrase.") from exc
    if not value:
        raise KeyringUnavailableError("This computer does not remember the key for this store; use the passphrase.")
    try:
        return bytes.fromhex(value)
    except ValueError as exc:
        raise KeyringUnavailableError("The remembered key is damaged; use the passphrase.") from exc


def forget_secret(store_id: str) -> None:
    """Remove a store's secret from the keyring; never fails."""
    try:
        keyring.delete_password(SERVICE_NAME, _entry_name(store_id))
    except keyring.errors.KeyringError:
        log.info("no remembered key to forget")
