"""Read a SQLite write-ahead log before SQLite does, and say what it would lose.

SQLite recovers a WAL by reading frames in order and stopping at the first frame
whose salts or cumulative checksum do not match; committed transactions after
that point are silently dropped, and the next checkpoint makes the loss
permanent. This module walks the same checksum chain itself (SQLite file format,
"WAL file format" and "Checksum algorithm"), and counts the frames after the
break that still carry the log's salts and a commit mark: transactions that
were committed but would be lost. SQLCipher encrypts page bytes only; the frame
headers and checksums are SQLite's own over what was written, so the standard
algorithm applies to an encrypted store.

The wal-index (``-shm``) left behind by a crashed process records how many
frames that process knew to be committed; when it is intact and belongs to the
same log, it also reveals a log cut short, which leaves no broken frame to see.

Nothing here writes to any file.
"""

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

WAL_HEADER_BYTES = 32
FRAME_HEADER_BYTES = 24
_MAGIC_LITTLE = 0x377F0682
_MAGIC_BIG = 0x377F0683
_WAL_VERSION = 3007000
# SQLCipher's default page size, used when a damaged header no longer says.
_FALLBACK_PAGE_SIZE = 4096
# Salts of a frame from an older generation of the log differ in about half their
# 64 bits (salt 2 is random); a frame differing in a few bits is a damaged current one.
_NEAR_SALT_BITS = 4
_SHM_HEADER_BYTES = 48
_SHM_BACKFILL_OFFSET = 96  # WalCkptInfo.nBackfill follows the two header copies
_SHM_DMS_BYTE = 128  # SQLite's "dead man switch" lock: held by every open connection.


@dataclass(frozen=True)
class WalReport:
    """What a write-ahead log holds and what SQLite's recovery would drop.

    Attributes:
        committed_transactions: committed transactions SQLite will recover.
        lost_transactions: committed transactions that fail their checksums or are
            missing (a lower bound when ``lost_is_lower_bound``).
        lost_is_lower_bound: more may be lost than can be counted (the log is cut short).
        in_use: another process has the store open, so the log is live and was not judged.
    """

    committed_transactions: int = 0
    lost_transactions: int = 0
    lost_is_lower_bound: bool = False
    in_use: bool = False

    @property
    def damaged(self) -> bool:
        """Return True when committed work in the log would be lost."""
        return self.lost_transactions > 0

    def lost_phrase(self) -> str:
        """Return e.g. "2 committed transaction(s)" or "at least 1 committed transaction(s)"."""
        count = f"at least {self.lost_transactions}" if self.lost_is_lower_bound else str(self.lost_transactions)
        return f"{count} committed transaction(s)"

    def sentence(self) -> str:
        """Return one plain sentence naming the loss (empty when nothing would be lost)."""
        if not self.damaged:
            return ""
        return (
            f"The store's write-ahead log is damaged: {self.lost_phrase()} in it would be lost "
            f"({self.committed_transactions} intact)."
        )


def wal_path_for(db_path: Path) -> Path:
    """Return the write-ahead log file of a database file."""
    return db_path.with_name(db_path.name + "-wal")


def shm_path_for(db_path: Path) -> Path:
    """Return the wal-index (shared memory) file of a database file."""
    return db_path.with_name(db_path.name + "-shm")


def inspect_database_wal(db_path: Path) -> WalReport:
    """Inspect the write-ahead log of a database file without changing anything.

    Args:
        db_path: the database file; its ``-wal`` and ``-shm`` files are read if present.
    """
    wal_path = wal_path_for(db_path)
    try:
        wal_size = wal_path.stat().st_size
    except FileNotFoundError:
        return WalReport()
    index = _read_wal_index(shm_path_for(db_path))
    if wal_size < WAL_HEADER_BYTES:
        # SQLite empties the log only after copying every frame into the database (and then
        # resets the index), and writes its 32-byte header in one piece: a log this short,
        # next to an index naming frames not yet copied, was cut.
        unsaved = index is not None and index.max_frame > index.backfilled
        report = WalReport(lost_transactions=int(unsaved), lost_is_lower_bound=unsaved)
    else:
        with wal_path.open("rb") as wal:
            report = _scan(wal, index)
    if report.damaged and _is_live(shm_path_for(db_path)):
        # A process that has the store open may be half-way through writing a frame.
        return WalReport(committed_transactions=report.committed_transactions, in_use=True)
    return report


@dataclass(frozen=True)
class _WalIndex:
    """The part of an intact wal-index header that matters here."""

    max_frame: int
    salts: bytes
    backfilled: int  # frames already copied into the database by a checkpoint


def _scan(wal: BinaryIO, index: _WalIndex | None) -> WalReport:
    """Walk the log's checksum chain as SQLite's recovery does, then look past the break."""
    header = wal.read(WAL_HEADER_BYTES)
    magic, version, page_size, _sequence = struct.unpack(">IIII", header[:16])
    big_endian = magic == _MAGIC_BIG
    header_ok = magic in (_MAGIC_LITTLE, _MAGIC_BIG) and version == _WAL_VERSION and _valid_page_size(page_size)
    checksum = _checksum(header[:24], (0, 0), big_endian)
    if not (header_ok and struct.pack(">II", *checksum) == header[24:32]):
        # SQLite ignores the whole log; the first frame names the generation that is lost.
        size = page_size if _valid_page_size(page_size) else _FALLBACK_PAGE_SIZE
        return _past_the_break(wal, size, None, committed=0, valid_end=0, frames=0, lost=0, index=index)
    salts = header[16:24]
    frame_size = FRAME_HEADER_BYTES + page_size
    committed = valid_end = frames = 0
    while len(frame := wal.read(frame_size)) == frame_size:
        frames += 1
        checksum = _checksum(frame[:8], checksum, big_endian)
        checksum = _checksum(frame[FRAME_HEADER_BYTES:], checksum, big_endian)
        if frame[8:16] != salts or struct.pack(">II", *checksum) != frame[16:24]:
            lost = 1 if _looks_committed(frame, salts) else 0
            return _past_the_break(wal, page_size, salts, committed, valid_end, frames, lost, index)
        if struct.unpack(">I", frame[4:8])[0] != 0:
            committed += 1
            valid_end = frames
    # A partial last frame is a write cut off by a crash (SQLite writes a frame's header
    # before its page), so its transaction never reported success: it is not counted.
    return _judge(committed, valid_end, frames, 0, salts, index)


def _past_the_break(
    wal: BinaryIO,
    page_size: int,
    salts: bytes | None,
    committed: int,
    valid_end: int,
    frames: int,
    lost: int,
    index: _WalIndex | None,
) -> WalReport:
    """Count frames after the break that carry this log's salts and a commit mark."""
    frame_size = FRAME_HEADER_BYTES + page_size
    while len(frame := wal.read(frame_size)) == frame_size:
        frames += 1
        if salts is None:
            salts = frame[8:16]
        if _looks_committed(frame, salts):
            lost += 1
    return _judge(committed, valid_end, frames, lost, salts, index)


def _judge(
    committed: int, valid_end: int, frames: int, lost: int, salts: bytes | None, index: _WalIndex | None
) -> WalReport:
    lower_bound = False
    if index is not None and index.salts == salts and index.max_frame > valid_end:
        # The crashed process knew of committed frames that recovery will not reach.
        if lost == 0:
            lost, lower_bound = 1, True
        elif index.max_frame > frames:
            lower_bound = True
    return WalReport(committed_transactions=committed, lost_transactions=lost, lost_is_lower_bound=lower_bound)


def _looks_committed(frame: bytes, salts: bytes) -> bool:
    """Return True for a frame of this log generation that ends a transaction."""
    commit_size = struct.unpack(">I", frame[4:8])[0]
    if commit_size == 0:
        return False
    distance = bin(int.from_bytes(frame[8:16], "big") ^ int.from_bytes(salts, "big")).count("1")
    return distance <= _NEAR_SALT_BITS


def _valid_page_size(size: int) -> bool:
    return 512 <= size <= 65536 and size & (size - 1) == 0


def _checksum(data: bytes, start: tuple[int, int], big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum: two 32-bit sums over pairs of 32-bit words."""
    count = len(data) // 4
    words = struct.unpack(f"{'>' if big_endian else '<'}{count}I", data[: count * 4])
    s0, s1 = start
    for i in range(0, count, 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def _read_wal_index(shm_path: Path) -> _WalIndex | None:
    """Return the wal-index header left by the last process, when it is intact."""
    try:
        with shm_path.open("rb") as shm:
            data = shm.read(_SHM_BACKFILL_OFFSET + 4)
    except OSError:
        return None
    if (
        len(data) < _SHM_BACKFILL_OFFSET + 4
        or data[:_SHM_HEADER_BYTES] != data[_SHM_HEADER_BYTES : 2 * _SHM_HEADER_BYTES]
    ):
        return None
    native = "<" if sys.byteorder == "little" else ">"
    version, _unused, _change, is_init = struct.unpack(f"{native}IIIB", data[:13])
    if version != _WAL_VERSION or is_init != 1:
        return None
    checksum = _checksum(data[:40], (0, 0), big_endian=native == ">")
    if struct.pack(f"{native}II", *checksum) != data[40:48]:
        return None
    (max_frame,) = struct.unpack(f"{native}I", data[16:20])
    (backfilled,) = struct.unpack(f"{native}I", data[_SHM_BACKFILL_OFFSET : _SHM_BACKFILL_OFFSET + 4])
    return _WalIndex(max_frame=max_frame, salts=data[32:40], backfilled=backfilled)


def _is_live(shm_path: Path) -> bool:
    """Return True when another process holds the store's database connection lock."""
    if os.name != "posix" or not shm_path.exists():
        return False
    import fcntl  # noqa: PLC0415  (POSIX only)

    try:
        fd = os.open(shm_path, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_BYTE)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_BYTE)
        return False
    finally:
        os.close(fd)
