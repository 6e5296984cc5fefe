"""The ``.solopack`` file format: one authenticated, encrypted blob behind a short header.

Layout (big-endian)::

    magic "SOLOPACK" | version u16 | memory_kib u32 | iterations u32 | lanes u32 | salt 16 | nonce 12
    ciphertext (AES-256-GCM of the payload, 16-byte tag at the end)

The header is the only plaintext and holds no case data. It is authenticated as
associated data, so a change to any byte of the file makes decryption fail and
the whole pack is refused. The key is derived from the pack passphrase with
Argon2id under the parameters in the header.
"""

import secrets
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from solodesk.store.keyslots import Argon2Params

MAGIC = b"SOLOPACK"
FORMAT_VERSION = 1
SALT_BYTES = 16
NONCE_BYTES = 12
TAG_BYTES = 16
_HEADER = struct.Struct(f">{len(MAGIC)}sHIII{SALT_BYTES}s{NONCE_BYTES}s")
HEADER_BYTES = _HEADER.size
# Limits on what a header may ask for, so a damaged or hostile file cannot make
# the key derivation take unbounded memory or time before it is refused: at most
# 512 MiB, 8 passes and 8 lanes, and no more than four times the work (memory x
# passes) of the default parameters. Anything beyond is refused as a damaged pack.
MAX_MEMORY_KIB = 524_288
MAX_ITERATIONS = 8
MAX_LANES = 8
MAX_WORK_KIB = 4 * Argon2Params().memory_kib * Argon2Params().iterations
_PLAUSIBLE_VERSIONS = 16

# Read at call time so tests can substitute cheaper parameters.
DEFAULT_PACK_KDF = Argon2Params()

NOT_A_PACK = "This file is not a SOLO Desk pack."
REFUSED = "The pack could not be opened: the passphrase is wrong, or the file is damaged or was altered."


class PackError(Exception):
    """A pack cannot be read or written; carries one plain sentence for the user."""

    exit_code = 4


def seal(payload: bytes, passphrase: str, kdf: Argon2Params | None = None) -> bytes:
    """Encrypt a payload under a pack passphrase and return the whole file's bytes."""
    params = kdf or DEFAULT_PACK_KDF
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    header = _HEADER.pack(MAGIC, FORMAT_VERSION, params.memory_kib, params.iterations, params.lanes, salt, nonce)
    key = params.derive(passphrase, salt)
    return header + AESGCM(key).encrypt(nonce, payload, header)


def kdf_is_bounded(memory_kib: int, iterations: int, lanes: int) -> bool:
    """Return True when a header's Argon2id parameters are within the limits this version derives with."""
    sane = 1 <= lanes <= MAX_LANES and 1 <= iterations <= MAX_ITERATIONS
    return sane and 8 * lanes <= memory_kib <= MAX_MEMORY_KIB and memory_kib * iterations <= MAX_WORK_KIB


def open_sealed(data: bytes, passphrase: str) -> bytes:
    """Check and decrypt a pack file's bytes; return the payload.

    Raises:
        PackError: not a pack, a newer format, truncated, altered, or the wrong passphrase.
    """
    if len(data) < HEADER_BYTES + TAG_BYTES or not data.startswith(MAGIC):
        raise PackError(NOT_A_PACK if not data.startswith(MAGIC) else REFUSED)
    _magic, version, memory_kib, iterations, lanes, salt, nonce = _HEADER.unpack_from(data)
    if version != FORMAT_VERSION:
        if FORMAT_VERSION < version < _PLAUSIBLE_VERSIONS:
            raise PackError("This pack was written by a newer version of SOLO Desk; please update SOLO Desk.")
        raise PackError(REFUSED)
    if not kdf_is_bounded(memory_kib, iterations, lanes):
        raise PackError(REFUSED)
    params = Argon2Params(memory_kib=memory_kib, iterations=iterations, lanes=lanes)
    key = params.derive(passphrase, salt)
    try:
        return AESGCM(key).decrypt(nonce, data[HEADER_BYTES:], data[:HEADER_BYTES])
    except InvalidTag as exc:
        raise PackError(REFUSED) from exc
