"""Key slots: the database key, stored only wrapped.

The random 256-bit database key is wrapped (AES-256-GCM) under one key per
slot: a passphrase slot (Argon2id, parameters recorded in the slot), a recovery
key slot, and optionally an OS keyring slot. The slot file holds nothing but
wrapped keys and KDF parameters, so it reveals nothing about the cases.
"""

import base64
import binascii
import json
import os
import secrets
import tempfile
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from solodesk.store.errors import StoreUnusableError, UnlockError

SLOT_FILE_FORMAT = "solodesk-keyslots"
SLOT_FILE_VERSION = 1
KEY_BYTES = 32
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters in 8 groups of 4.

PASSPHRASE = "passphrase"
RECOVERY = "recovery"
KEYRING = "keyring"


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost parameters; recorded in each passphrase slot.

    The defaults take about half a second on a 2-core laptop (``bench/unlock.py``).
    """

    memory_kib: int = 262_144
    iterations: int = 4
    lanes: int = 4

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        """Derive a 256-bit wrapping key from a passphrase."""
        kdf = Argon2id(
            salt=salt, length=KEY_BYTES, iterations=self.iterations, lanes=self.lanes, memory_cost=self.memory_kib
        )
        return kdf.derive(passphrase.encode("utf-8"))


DEFAULT_ARGON2 = Argon2Params()
# Bounds on parameters read from a key file: a damaged or hostile file must not be able
# to make unlocking take minutes or exhaust memory.
MAX_MEMORY_KIB = 2 * 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 16
_DAMAGED = "The store's key file is damaged or not a SOLO Desk key file."


def _params_from(kdf: object) -> Argon2Params:
    """Return Argon2 parameters read from a slot, refusing absurd ones."""
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise StoreUnusableError(_DAMAGED)
    try:
        params = Argon2Params(
            memory_kib=int(kdf["memory_kib"]), iterations=int(kdf["iterations"]), lanes=int(kdf["lanes"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreUnusableError(_DAMAGED) from exc
    if not (
        1 <= params.lanes <= MAX_LANES
        and 1 <= params.iterations <= MAX_ITERATIONS
        and 8 * params.lanes <= params.memory_kib <= MAX_MEMORY_KIB
    ):
        raise StoreUnusableError(_DAMAGED)
    return params


@dataclass
class KeySlot:
    """One wrapped copy of the database key."""

    kind: str
    salt: str
    nonce: str
    wrapped_key: str
    kdf: dict[str, Any] = field(default_factory=dict)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


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
    """The ``keyslots.json`` file of a store and the operations on it.

    Attributes:
        path: where the file lives.
        store_id: a random id naming this store (used as the keyring entry name).
        slots: the wrapped keys, at most one of each kind.
    """

    def __init__(self, path: Path, store_id: str, slots: list[KeySlot]) -> None:
        self.path = path
        self.store_id = store_id
        self.slots = slots

    @classmethod
    def new(cls, path: Path) -> "KeySlotFile":
        """Return an empty slot file for a new store (not yet written)."""
        return cls(path, str(uuid.uuid4()), [])

    @classmethod
    def load(cls, path: Path) -> "KeySlotFile":
        """Read a slot file.

        Raises:
            StoreUnusableError: the file is missing or is not a SOLO Desk slot file.
        """
        if not path.is_file():
            raise StoreUnusableError(f"{path.parent} is not a SOLO Desk store (no key file found).")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != SLOT_FILE_FORMAT:
                raise ValueError("format")
            if int(data["version"]) > SLOT_FILE_VERSION:
                raise StoreUnusableError("This store was written by a newer version of SOLO Desk; please update.")
            slots = [KeySlot(**slot) for slot in data["slots"]]
            for slot in slots:
                if not all(isinstance(v, str) for v in (slot.kind, slot.salt, slot.nonce, slot.wrapped_key)):
                    raise ValueError("slot field")
                _unb64(slot.salt), _unb64(slot.nonce), _unb64(slot.wrapped_key)
                if not isinstance(slot.kdf, dict):
                    raise ValueError("kdf")
            return cls(path, str(data["store_id"]), slots)
        except StoreUnusableError:
            raise
        except PermissionError as exc:
            raise StoreUnusableError(f"SOLO Desk may not read the store's key file in {path.parent}.") from exc
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as exc:
            raise StoreUnusableError(_DAMAGED) from exc

    def save(self) -> None:
        """Write the file atomically, so a crash never leaves it half-written."""
        payload = {
            "format": SLOT_FILE_FORMAT,
            "version": SLOT_FILE_VERSION,
            "store_id": self.store_id,
            "slots": [asdict(slot) for slot in self.slots],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".keyslots-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(payload, handle, indent=2)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, self.path)
            _fsync_folder(self.path.parent)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def has(self, kind: str) -> bool:
        """Return True when a slot of this kind exists."""
        return any(slot.kind == kind for slot in self.slots)

    def _slot(self, kind: str) -> KeySlot:
        for slot in self.slots:
            if slot.kind == kind:
                return slot
        raise UnlockError(f"This store has no {kind} key slot.")

    def _aad(self, kind: str) -> bytes:
        # Binding the store id and slot kind stops a slot being moved between stores or kinds.
        return f"{SLOT_FILE_FORMAT}:{self.store_id}:{kind}".encode()

    def _put(self, kind: str, wrapping_key: bytes, salt: bytes, kdf: dict[str, Any], db_key: bytes) -> None:
        nonce = secrets.token_bytes(12)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, db_key, self._aad(kind))
        self.slots = [slot for slot in self.slots if slot.kind != kind]
        self.slots.append(KeySlot(kind=kind, salt=_b64(salt), nonce=_b64(nonce), wrapped_key=_b64(wrapped), kdf=kdf))

    def _unwrap(self, kind: str, wrapping_key: bytes) -> bytes:
        slot = self._slot(kind)
        try:
            return AESGCM(wrapping_key).decrypt(_unb64(slot.nonce), _unb64(slot.wrapped_key), self._aad(kind))
        except InvalidTag as exc:
            raise UnlockError(_WRONG_SECRET[kind]) from exc
        except ValueError as exc:  # a nonce or key of the wrong length: the slot is damaged
            raise StoreUnusableError(_DAMAGED) from exc

    # Passphrase slot -------------------------------------------------------

    def set_passphrase(self, passphrase: str, db_key: bytes, params: Argon2Params) -> None:
        """Wrap the database key under a passphrase (replacing any old passphrase slot)."""
        salt = secrets.token_bytes(16)
        kdf = {"name": "argon2id", **asdict(params)}
        self._put(PASSPHRASE, params.derive(passphrase, salt), salt, kdf, db_key)

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        """Return the database key.

        Raises:
            UnlockError: the passphrase is wrong.
        """
        slot = self._slot(PASSPHRASE)
        params = _params_from(slot.kdf)
        return self._unwrap(PASSPHRASE, params.derive(passphrase, _unb64(slot.salt)))

    # Recovery slot ---------------------------------------------------------

    def set_recovery_key(self, recovery_key: str, db_key: bytes) -> None:
        """Wrap the database key under a recovery key."""
        salt = secrets.token_bytes(16)
        self._put(RECOVERY, _hkdf(normalise_recovery_key(recovery_key), salt), salt, {"name": "hkdf-sha256"}, db_key)

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        """Return the database key.

        Raises:
            UnlockError: the recovery key is wrong.
        """
        slot = self._slot(RECOVERY)
        return self._unwrap(RECOVERY, _hkdf(normalise_recovery_key(recovery_key), _unb64(slot.salt)))

    # Keyring slot ----------------------------------------------------------

    def set_keyring_secret(self, secret: bytes, db_key: bytes) -> None:
        """Wrap the database key under a secret held by the OS keyring."""
        self._put(KEYRING, secret, b"", {"name": "raw"}, db_key)

    def unlock_with_keyring_secret(self, secret: bytes) -> bytes:
        """Return the database key.

        Raises:
            UnlockError: the remembered key does not fit this store.
        """
        return self._unwrap(KEYRING, secret)

    def remove(self, kind: str) -> None:
        """Drop a slot of this kind, if present."""
        self.slots = [slot for slot in self.slots if slot.kind != kind]


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry itself reaches the disk.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
