"""Search this process's own memory for secrets, through /proc/self/maps and /proc/self/mem (Linux).

The needles are kept masked (XOR) so the test's own copies never match; each is
unmasked into a buffer only while it is searched for, and hits inside that buffer
or the read buffer are not counted.
"""

import ctypes
import os
import re
from dataclasses import dataclass, field

MASK = 0x5A
CHUNK = 4 * 1024 * 1024
_SKIPPED = ("[vvar]", "[vsyscall]", "[vvar_vclock]")


def mask(data: bytes | bytearray) -> bytes:
    """Return data XOR the mask (masking twice gives the data back)."""
    return bytes(b ^ MASK for b in data)


@dataclass
class ScanResult:
    """Hits per needle name, and how much memory was read."""

    bytes_scanned: int = 0
    hits: dict[str, int] = field(default_factory=dict)

    def found(self) -> dict[str, int]:
        return {name: count for name, count in self.hits.items() if count}


def _address(buffer: bytearray) -> int:
    view = (ctypes.c_char * len(buffer)).from_buffer(buffer)
    address = ctypes.addressof(view)
    del view
    return address


def _regions() -> list[tuple[int, int]]:
    regions = []
    with open("/proc/self/maps", encoding="ascii") as maps:
        for line in maps:
            parts = line.split()
            if len(parts) < 5 or not parts[1].startswith("r") or (len(parts) > 5 and parts[5] in _SKIPPED):
                continue
            start, end = (int(x, 16) for x in re.split("-", parts[0]))
            regions.append((start, end))
    return regions


def scan_memory(masked_needles: dict[str, bytes]) -> ScanResult:
    """Count where each (masked) needle occurs in this process's readable memory."""
    # Unmasked straight into buffers: an immutable unmasked copy would itself be found.
    needles = {name: bytearray(b ^ MASK for b in value) for name, value in masked_needles.items()}
    longest = max(len(n) for n in needles.values())
    buffer = bytearray(CHUNK + longest)
    excluded = [(_address(buffer), _address(buffer) + len(buffer))]
    excluded += [(_address(n), _address(n) + len(n)) for n in needles.values()]
    result = ScanResult(hits=dict.fromkeys(needles, 0))
    fd = os.open("/proc/self/mem", os.O_RDONLY)
    try:
        for start, end in _regions():
            position = start
            while position < end:
                size = min(CHUNK + longest, end - position)
                try:
                    got = os.preadv(fd, [memoryview(buffer)[:size]], position)
                except OSError:
                    got = 0
                if got > 0:
                    result.bytes_scanned += min(got, CHUNK)
                    _count(buffer, got, position, position + CHUNK >= end, needles, excluded, result)
                position += CHUNK
    finally:
        os.close(fd)
        for needle in needles.values():
            needle[:] = bytes(len(needle))
        buffer[:] = bytes(len(buffer))
    return result


def _count(
    buffer: bytearray,
    size: int,
    base: int,
    last: bool,
    needles: dict[str, bytearray],
    excluded: list[tuple[int, int]],
    result: ScanResult,
) -> None:
    for name, needle in needles.items():
        offset = buffer.find(needle, 0, size)
        while offset != -1:
            if offset < CHUNK or last:  # a hit in the overlap is counted by the next chunk
                address = base + offset
                if not any(low <= address < high for low, high in excluded):
                    result.hits[name] += 1
            offset = buffer.find(needle, offset + 1, size)
