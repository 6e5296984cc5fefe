"""Key slots: the database key, stored only wrapped.

The random 256-bit database key is wrapped (AES-256-GCM) under one key per
slot: a passphrase slot (Argon2id, parameters recorded in the slot), a recovery
key slot, and optionally an OS keyring slot. The slot file holds nothing but
wrapped keys and KDF parameters, so it reveals nothing about the cases.

The slots are written twice, to ``keyslots.json`` and ``keyslots-copy.json``, each
with a SHA-256 of its content, and each slot carries a MAC under a key derived from
the database key, so ``check`` can verify even the slots it cannot unwrap. Loading
uses an intact file; if neither is intact, every readable slot is tried and its
AEAD tag decides, so one damaged slot never loses the way in.
"""

import base64
import hashlib
import hmac
import json
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from solodesk.store.errors import StoreUnusableError, UnlockError
from solodesk.store.kdf import KEY_BYTES, Argon2Params, calibrated_argon2, params_from_slot
from solodesk.store.keyslot_io import (
    SLOT_FILE_FORMAT,
    SLOT_FILE_VERSION,
    KeySlot,
    b64,
    file_checksum,
    parse_key_file,
    same_text,
    unb64,
    write_atomically,
)

__all__ = ["Argon2Params", "KeySlot", "KeySlotFile", "calibrated_argon2"]

RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters in 8 groups of 4.
COPY_NAME = "keyslots-copy.json"

PASSPHRASE = "passphrase"
RECOVERY = "recovery"
KEYRING = "keyring"

# None: calibrate on this machine when a passphrase slot is made (tests set cheap parameters).
DEFAULT_ARGON2: Argon2Params | None = None
_DAMAGED = "The store's key file is damaged or not a SOLO Desk key file."
log = logging.getLogger(__name__)


def new_database_key() -> bytes:
    """Return a fresh random 256-bit database key."""
    return secrets.token_bytes(KEY_BYTES)


def new_recovery_key() -> str:
    """Return a fresh recovery key, grouped for reading aloud and typing."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_KEY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def normalise_recovery_key(text: str) -> str:
    """Return the recovery key without spaces and dashes, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


class KeySlotFile:
    """The ``keyslots.json`` file of a store, its second copy, and the operations on them.

    Both files are written with the same content, the copy first; each carries a
    SHA-256 of its content. Loading uses the first file that passes its check, so one
    damaged file never loses a slot, and a stale file never brings back a replaced
    passphrase or recovery key.

    Attributes:
        path: where the main file lives.
        store_id: a random id naming this store (used as the keyring entry name).
        slots: the wrapped keys, at most one of each kind.
        problems: sentences about damage found while loading (empty when both files are intact).
    """

    def __init__(self, path: Path, store_id: str, slots: list[KeySlot]) -> None:
        self.path = path
        self.store_id = store_id
        self.slots = slots
        self.problems: list[str] = []
        self.legacy = False
        self.damaged = False  # no intact file was found: slots are tried as a last resort
        # Slots of the other file, tried when this file's slot of a kind fails.
        self._spares: list[KeySlot] = []
        self._spare_store_id = store_id

    @property
    def copy_path(self) -> Path:
        """Return the second copy's path."""
        return self.path.with_name(COPY_NAME)

    @classmethod
    def new(cls, path: Path) -> "KeySlotFile":
        """Return an empty slot file for a new store (not yet written)."""
        return cls(path, str(uuid.uuid4()), [])

    @classmethod
    def load(cls, path: Path) -> "KeySlotFile":
        """Read a slot file, falling back to its second copy when it fails its check.

        Raises:
            StoreUnusableError: neither file can be read as a key file.
        """
        copy_path = path.with_name(COPY_NAME)
        if not path.is_file() and not copy_path.is_file():
            raise StoreUnusableError(f"{path.parent} is not a SOLO Desk store (no key file found).")
        main, copy = parse_key_file(path), parse_key_file(copy_path)
        readable = [f for f in (main, copy) if f is not None and not f.newer]
        ranked = [f for f in readable if f.intact] + [f for f in readable if not f.intact]
        if not ranked and any(f is not None and f.newer for f in (main, copy)):
            raise StoreUnusableError("This store was written by a newer version of SOLO Desk; please update.")
        if not ranked:
            raise StoreUnusableError(_DAMAGED)
        chosen = ranked[0]
        loaded = cls(path, chosen.store_id, chosen.slots)
        loaded.legacy = not chosen.checked
        for other in ranked[1:]:
            same_id = other.store_id == chosen.store_id
            loaded._spares = [slot for slot in other.slots if not (same_id and slot in chosen.slots)]
            loaded._spare_store_id = other.store_id
        loaded.damaged = not chosen.intact
        for parsed, name in ((main, path.name), (copy, COPY_NAME)):
            if parsed is None and not Path(path.with_name(name)).exists():
                continue
            if parsed is None or not parsed.intact or parsed.newer:
                log.warning("a key file failed its check")
                loaded.problems.append(
                    f"The key file is damaged: {name} fails its checksum (`solodesk check --repair` rewrites it "
                    "from what is intact)."
                )
        return loaded

    def save(self) -> None:
        """Write both files atomically (the copy first), so a crash never leaves neither intact."""
        payload: dict[str, Any] = {
            "format": SLOT_FILE_FORMAT,
            "version": SLOT_FILE_VERSION,
            "store_id": self.store_id,
            "slots": [asdict(slot) for slot in self.slots],
        }
        payload["sha256"] = file_checksum(payload)
        text = json.dumps(payload, indent=2)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.copy_path, text)
        write_atomically(self.path, text)
        self.problems = []
        self.legacy = self.damaged = False
        self._spares = []

    def has(self, kind: str) -> bool:
        """Return True when a slot of this kind exists."""
        return any(slot.kind == kind for slot in self.slots)

    def _candidates(self, kind: str) -> list[tuple[str, KeySlot]]:
        found = [(self.store_id, slot) for slot in self.slots if slot.kind == kind]
        found += [(self._spare_store_id, slot) for slot in self._spares if slot.kind == kind]
        if not found and self.damaged:
            raise StoreUnusableError(_DAMAGED)
        if not found:
            raise UnlockError(f"This store has no {kind} key slot.")
        return found

    def _aad(self, kind: str, store_id: str | None = None) -> bytes:
        # Binding the store id and slot kind stops a slot being moved between stores or kinds.
        return f"{SLOT_FILE_FORMAT}:{store_id or self.store_id}:{kind}".encode()

    def _mac(self, slot: KeySlot, db_key: bytes | bytearray) -> str:
        mac_key = HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"solodesk-keyslot-mac").derive(
            bytes(db_key)
        )
        return b64(hmac.new(mac_key, slot.signed_bytes(self.store_id), hashlib.sha256).digest())

    def _put(self, kind: str, wrapping_key: bytes, salt: bytes, kdf: dict[str, Any], db_key: bytes | bytearray) -> None:
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, bytes(db_key), self._aad(kind))
        slot = KeySlot(kind=kind, salt=b64(salt), nonce=b64(nonce), wrapped_key=b64(wrapped), kdf=kdf)
        slot.mac = self._mac(slot, db_key)
        self.slots = [existing for existing in self.slots if existing.kind != kind] + [slot]

    def _unwrap(self, slot: KeySlot, wrapping_key: bytes, store_id: str) -> bytes | None:
        """Return the database key, or None when this slot does not open with this key.

        Raises:
            StoreUnusableError: the slot is malformed (a nonce or key of the wrong length).
        """
        aad = self._aad(slot.kind, store_id)
        try:
            return AESGCM(wrapping_key).decrypt(unb64(slot.nonce), unb64(slot.wrapped_key), aad)
        except InvalidTag:
            return None
        except ValueError as exc:
            raise StoreUnusableError(_DAMAGED) from exc

    def _open_slots(self, kind: str, wrapping_key_for: "_WrappingKeyFor") -> bytes:
        """Try each candidate slot of a kind; say "damaged" only when none could be tried."""
        damaged: StoreUnusableError | None = None
        tried = False
        for store_id, slot in self._candidates(kind):
            try:
                wrapping_key = wrapping_key_for(slot)
            except StoreUnusableError as exc:
                damaged = exc
                continue
            except ValueError as exc:  # e.g. a salt too short for Argon2id: the slot is damaged
                damaged = StoreUnusableError(_DAMAGED)
                damaged.__cause__ = exc
                continue
            try:
                key = self._unwrap(slot, wrapping_key, store_id)
            except StoreUnusableError as exc:
                damaged = exc
                continue
            tried = True
            if key is not None:
                # The tag authenticated this store id: when the two damaged files disagree, it is the true one.
                self.store_id = store_id
                return key
        if not tried and damaged is not None:
            raise damaged
        raise UnlockError(_WRONG_SECRET[kind])

    def add_missing_macs(self, db_key: bytes | bytearray) -> None:
        """Give slots from a version 1 file their MACs (call :meth:`save` afterwards)."""
        for slot in self.slots:
            if not slot.mac:
                slot.mac = self._mac(slot, db_key)

    def restore_from_spares(self, db_key: bytes | bytearray) -> bool:
        """Replace each slot failing its MAC by the other file's slot of that kind that passes.

        Returns:
            True when a slot was replaced (call :meth:`save` afterwards).
        """
        replaced = False
        for index, slot in enumerate(self.slots):
            if slot.mac and not same_text(slot.mac, self._mac(slot, db_key)):
                for spare in self._spares:
                    if spare.kind == slot.kind and spare.mac and same_text(spare.mac, self._mac(spare, db_key)):
                        self.slots[index] = spare
                        replaced = True
                        break
        return replaced

    def verify(self, db_key: bytes | bytearray) -> list[str]:
        """Return sentences naming every fault of the key file; empty when all is well.

        Checks each slot's MAC (so the recovery slot is verified without the recovery
        key), that a passphrase and a recovery slot exist, and the passphrase slot's KDF bounds.
        """
        problems = list(self.problems)
        for slot in self.slots:
            if slot.mac and not same_text(slot.mac, self._mac(slot, db_key)):
                problems.append(f"The key file is damaged: its {slot.kind} slot fails its integrity check.")
            elif slot.kind == PASSPHRASE:
                try:
                    params_from_slot(slot.kdf)
                except StoreUnusableError as exc:
                    problems.append(str(exc))
        if not self.has(RECOVERY):
            problems.append("The key file has no recovery key slot: a forgotten passphrase could not be recovered.")
        if not self.has(PASSPHRASE):
            problems.append("The key file has no passphrase slot.")
        return problems

    # Passphrase slot -------------------------------------------------------

    def set_passphrase(self, passphrase: str, db_key: bytes | bytearray, params: Argon2Params | None = None) -> None:
        """Wrap the database key under a passphrase (replacing any old passphrase slot).

        Args:
            passphrase: the new passphrase.
            db_key: the database key.
            params: Argon2id parameters; by default calibrated to about half a second here.
        """
        params = params or calibrated_argon2()
        salt = secrets.token_bytes(16)
        kdf = {"name": "argon2id", **asdict(params)}
        self._put(PASSPHRASE, params.derive(passphrase, salt), salt, kdf, db_key)

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        """Return the database key.

        Raises:
            UnlockError: the passphrase is wrong.
            StoreUnusableError: the passphrase slot is damaged (e.g. asks for absurd KDF work).
        """
        return self._open_slots(
            PASSPHRASE, lambda slot: params_from_slot(slot.kdf).derive(passphrase, unb64(slot.salt))
        )

    # Recovery slot ---------------------------------------------------------

    def set_recovery_key(self, recovery_key: str, db_key: bytes | bytearray) -> None:
        """Wrap the database key under a recovery key."""
        salt = secrets.token_bytes(16)
        self._put(RECOVERY, _hkdf(normalise_recovery_key(recovery_key), salt), salt, {"name": "hkdf-sha256"}, db_key)

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        """Return the database key.

        Raises:
            UnlockError: the recovery key is wrong.
        """
        return self._open_slots(RECOVERY, lambda slot: _hkdf(normalise_recovery_key(recovery_key), unb64(slot.salt)))

    # Keyring slot ----------------------------------------------------------

    def set_keyring_secret(self, secret: bytes, db_key: bytes | bytearray) -> None:
        """Wrap the database key under a secret held by the OS keyring."""
        self._put(KEYRING, secret, b"", {"name": "raw"}, db_key)

    def unlock_with_keyring_secret(self, secret: bytes) -> bytes:
        """Return the database key.

        Raises:
            UnlockError: the remembered key does not fit this store.
        """
        return self._open_slots(KEYRING, lambda _slot: secret)

    def remove(self, kind: str) -> None:
        """Drop a slot of this kind, if present."""
        self.slots = [slot for slot in self.slots if slot.kind != kind]
        self._spares = [slot for slot in self._spares if slot.kind != kind]


_WrappingKeyFor = Callable[[KeySlot], bytes]


# Recovery keys carry 160 random bits, so a fast KDF is enough: no brute force can reach them.
def _hkdf(material: str, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"solodesk-recovery").derive(
        material.encode("ascii", errors="replace")
    )


_WRONG_SECRET = {
    PASSPHRASE: "The passphrase is not correct.",
    RECOVERY: "The recovery key is not correct.",
    KEYRING: "The key remembered on this computer does not open this store.",
}
