"""Keeping secrets out of memory once they are no longer needed.

Python's ``bytes`` and ``str`` are immutable and freed memory is not cleared,
so a key or passphrase that passes through them lingers in the heap. Keys are
kept in a ``bytearray`` that is overwritten when the store closes; the few
immutable copies that cannot be avoided (a key returned by the AEAD library,
a passphrase read from a widget) are overwritten in place with :func:`wipe`
before the last reference is dropped.

Case text passes through many short-lived objects that cannot all be tracked,
so freed memory itself is cleared: :func:`protect_process` (at start) makes the
C allocator overwrite what it frees and turns core dumps off, and
:func:`scrub_freed_memory` (on lock) overwrites the blocks Python's and the C
allocator's caches still hold.
"""

import contextlib
import ctypes
import os
import re
import sys
import tempfile

from solodesk.process_guard import forbid_core_dumps

_HEX_DIGITS = b"0123456789abcdef"


def wipe(secret: bytearray | bytes | str | None) -> None:
    """Overwrite a secret's characters with zeros, in place.

    A ``bytearray`` is cleared through its buffer. For ``bytes`` and ``str``
    (immutable to Python code) the object's own storage is overwritten, which
    is sound only while the caller holds the sole reference: never call it on
    a literal, an interned string or a value shared with other code.
    """
    if secret is None or len(secret) < 2:
        return  # empty and one-character objects are shared singletons, never a secret's copy
    if isinstance(secret, bytearray):
        ctypes.memset((ctypes.c_char * len(secret)).from_buffer(secret), 0, len(secret))
        return
    if isinstance(secret, bytes):
        size = len(secret)
    elif isinstance(secret, str):
        if not secret.isascii():
            _wipe_wide(secret)
            return
        size = len(secret)
    else:  # pragma: no cover - typed callers only
        raise TypeError(type(secret).__name__)
    # A compact bytes/ASCII str ends with its characters and a terminating NUL.
    start = id(secret) + sys.getsizeof(secret) - size - 1
    ctypes.memset(start, 0, size)


def _wipe_wide(text: str) -> None:
    # A non-ASCII str stores 1, 2 or 4 bytes per character after a header whose size differs
    # between Python versions, so the characters are found by looking for them in the object.
    top = max(map(ord, text))
    encoding = "latin-1" if top < 0x100 else "utf-16-le" if top < 0x10000 else "utf-32-le"
    characters = text.encode(encoding)
    storage = ctypes.string_at(id(text), sys.getsizeof(text))
    offset = storage.find(characters)
    size = len(characters)
    wipe(storage)
    wipe(characters)
    if offset >= 0:
        ctypes.memset(id(text) + offset, 0, size)


def key_buffer(key: bytes) -> bytearray:
    """Return a key in a buffer that can be overwritten later, clearing the immutable original."""
    buffer = bytearray(key)
    wipe(key)
    return buffer


def hex_key_pragma(key: bytearray) -> bytearray:
    """Return ``x'…'`` (SQLCipher's raw-key form) for a key, built without any str or bytes copy."""
    text = bytearray(b"x'")
    for byte in key:
        text.append(_HEX_DIGITS[byte >> 4])
        text.append(_HEX_DIGITS[byte & 0x0F])
    text.append(ord("'"))
    return text


# glibc's mallopt(M_PERTURB): free() fills released memory with this byte.
_M_PERTURB = -6
_PERTURB_BYTE = 0xA5
# glibc keeps up to 7 freed chunks per size (up to 1032 bytes) per thread in its tcache,
# unperturbed; taking and overwriting them all is how they are cleared.
_TCACHE_CHUNKS = range(32, 1041, 16)
_TCACHE_COUNT = 8
_POOL_SIZE = 16 * 1024
_BYTES_HEADER = sys.getsizeof(b"")  # a bytes object of n bytes takes this + n


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None:
        return None
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = (ctypes.c_size_t,)
    libc.free.argtypes = (ctypes.c_void_p,)
    libc.mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    libc.malloc_trim.argtypes = (ctypes.c_size_t,)
    return libc


def protect_process() -> None:
    """Turn off core dumps and make the C allocator overwrite freed memory (call once at start)."""
    forbid_core_dumps()
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_PERTURB, _PERTURB_BYTE)


def scrub_freed_memory() -> None:
    """Overwrite freed memory that still holds old contents (call after dropping the objects)."""
    with contextlib.suppress(OSError, AttributeError):  # no stderr to read the statistics from, or not CPython
        _scrub_python_blocks()
    libc = _libc()
    if libc is None:
        return
    chunks = []
    for chunk_size in _TCACHE_CHUNKS:
        for _ in range(_TCACHE_COUNT):
            pointer = libc.malloc(chunk_size - 16)
            if pointer:
                ctypes.memset(pointer, 0, chunk_size - 16)
                chunks.append(pointer)
    for pointer in chunks:
        libc.free(pointer)
    libc.malloc_trim(0)  # hands whole free pages back to the kernel, which zeroes them


def _scrub_python_blocks() -> None:
    """Fill every free block of Python's small-object allocator with zeros, then free them again."""
    free_blocks, unused_pools = _small_block_stats()
    fillers: list[bytes] = []
    for block_size, count in free_blocks.items():
        if block_size > _BYTES_HEADER:
            fillers.extend(bytes(block_size - _BYTES_HEADER) for _ in range(count))
    largest = max(free_blocks, default=512)
    fillers.extend(bytes(largest - _BYTES_HEADER) for _ in range(unused_pools * (_POOL_SIZE // largest)))
    del fillers


def _small_block_stats() -> tuple[dict[int, int], int]:
    """Return free blocks per block size and the unused pools, from ``sys._debugmallocstats``."""
    with tempfile.TemporaryFile() as capture:
        saved = os.dup(2)
        try:
            sys.stderr.flush()
            os.dup2(capture.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        report = capture.read().decode("ascii", errors="replace")
    free_blocks = {
        int(size): int(avail)
        for size, avail in re.findall(r"^\s*\d+\s+(\d+)\s+\d+\s+\d+\s+(\d+)\s*$", report, re.MULTILINE)
    }
    unused = re.search(r"^(\d+) unused pools", report, re.MULTILINE)
    return free_blocks, int(unused.group(1)) if unused else 0
