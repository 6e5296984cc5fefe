"""Argon2id for passphrase slots: calibrated when a slot is made, bounded when one is read.

A new passphrase slot gets at least 256 MiB of memory and as many passes as take
about half a second on the computer making it (one pass is timed once per
process); the parameters are recorded in the slot. A slot read back may ask for
no more than this hardware unlocks in a few seconds: anything beyond is a damaged
or hostile key file, never a reason to stall.
"""

import os
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from solodesk.store.errors import StoreUnusableError

KEY_BYTES = 32

# Calibration: memory per guess is fixed at 256 MiB (what an attacker's GPU must spend per
# guess); passes are chosen to land near the target on the machine that makes the slot.
CALIBRATION_MEMORY_KIB = 262_144
CALIBRATION_LANES = 4
TARGET_DERIVE_SECONDS = 0.5
MAX_CALIBRATED_ITERATIONS = 8

# Bounds on parameters read from a key file. One 256 MiB pass takes about 0.27 s on the
# 2-core laptop SOLO Desk is measured on (bench/unlock.py), so 1 GiB x 4 passes, the most
# work allowed, unlocks in about 4 s there; 10 passes of 256 MiB in under 3 s. Calibration on
# a fast machine stops at 8 passes (about 2 s here), inside these bounds.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 10
MAX_LANES = 8
MAX_WORK_KIB = 4 * 1024 * 1024  # memory x passes
DAMAGED_KDF = (
    "The store's key file is damaged: its passphrase slot's key-derivation settings are unreadable "
    "or ask for more work than SOLO Desk allows, so it was not used."
)


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost parameters; recorded in each passphrase slot.

    The defaults are the fixed baseline packs use; new passphrase slots use
    :func:`calibrated_argon2` instead.
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

    def within_bounds(self) -> bool:
        """Return True when this hardware can derive with these parameters in a few seconds."""
        return (
            1 <= self.lanes <= MAX_LANES
            and 1 <= self.iterations <= MAX_ITERATIONS
            and 8 * self.lanes <= self.memory_kib <= MAX_MEMORY_KIB
            and self.memory_kib * self.iterations <= MAX_WORK_KIB
        )


_calibrated: Argon2Params | None = None


def calibrated_argon2() -> Argon2Params:
    """Return 256 MiB parameters whose derivation takes about half a second here.

    One pass is timed once per process (about a quarter of a second); later calls reuse it.
    The time taken is the lesser of the wall clock and the process's CPU time shared over
    the cores the derivation can use (its lanes may run in threads): on an idle machine
    the two agree, and on a machine busy with other work when the slot is made the CPU time
    keeps the slot from being made weaker.
    """
    global _calibrated  # noqa: PLW0603 (a per-process cache of one measurement)
    if _calibrated is None:
        one_pass = Argon2Params(memory_kib=CALIBRATION_MEMORY_KIB, iterations=1, lanes=CALIBRATION_LANES)
        wall, cpu = time.perf_counter(), time.process_time()
        one_pass.derive("calibration", b"solodesk-calibration")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        cores = max(1, min(CALIBRATION_LANES, os.cpu_count() or 1))
        seconds = max(min(wall, cpu / cores), 1e-3)
        passes = max(1, min(MAX_CALIBRATED_ITERATIONS, round(TARGET_DERIVE_SECONDS / seconds)))
        _calibrated = Argon2Params(memory_kib=CALIBRATION_MEMORY_KIB, iterations=passes, lanes=CALIBRATION_LANES)
    return _calibrated


def params_from_slot(kdf: object) -> Argon2Params:
    """Return the Argon2 parameters recorded in a passphrase slot.

    Raises:
        StoreUnusableError: the record is malformed or asks for more work than allowed
            (a damaged key file, never a wrong passphrase).
    """
    if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
        raise StoreUnusableError(DAMAGED_KDF)
    try:
        params = Argon2Params(
            memory_kib=int(kdf["memory_kib"]), iterations=int(kdf["iterations"]), lanes=int(kdf["lanes"])
        )
    except (KeyError, TypeError, ValueError, OverflowError) as exc:  # OverflowError: "Infinity"
        raise StoreUnusableError(DAMAGED_KDF) from exc
    if not params.within_bounds():
        raise StoreUnusableError(DAMAGED_KDF)
    return params
