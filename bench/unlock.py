"""Time unlocking a store with the Argon2id parameters calibrated on this machine.

Run: ``.venv/bin/python bench/unlock.py``. Prints one line:
``unlock: kdf=argon2id memory_mib=M iterations=T lanes=L derive_s=A unlock_s=B calibrate_s=C
target_s=0.5 max_memory_mib=X max_iterations=Y max_lanes=Z max_work_mib_passes=W bound_derive_s=D``
where ``memory_mib``/``iterations``/``lanes`` are what a passphrase slot made here records,
``calibrate_s`` the one-pass measurement that chose them (wall clock), ``derive_s`` the median key
derivation alone, ``unlock_s`` the median full unlock (derive, unwrap, open the database,
check its schema), the ``max_*`` keys the bounds on a slot read back, and ``bound_derive_s``
the derivation time of the most expensive slot those bounds let through (once).
"""

import statistics
import tempfile
import time
from pathlib import Path

from solodesk.store import CaseStore
from solodesk.store import kdf as kdf_module
from solodesk.store.kdf import Argon2Params, calibrated_argon2

ROUNDS = 5
PASSPHRASE = "benchmark passphrase"
SALT = b"0123456789abcdef"


def _timed(params: Argon2Params) -> float:
    start = time.perf_counter()
    params.derive(PASSPHRASE, SALT)
    return time.perf_counter() - start


def main() -> None:
    """Calibrate, time derivation and unlocking, and print one line."""
    start = time.perf_counter()
    params = calibrated_argon2()
    calibrate_s = time.perf_counter() - start
    derive_times = [_timed(params) for _ in range(ROUNDS)]
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", PASSPHRASE)
        store.close()
        unlock_times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            CaseStore.open_with_passphrase(Path(folder) / "store", PASSPHRASE).close()
            unlock_times.append(time.perf_counter() - start)
    worst_passes = kdf_module.MAX_WORK_KIB // kdf_module.MAX_MEMORY_KIB
    bound = Argon2Params(memory_kib=kdf_module.MAX_MEMORY_KIB, iterations=worst_passes, lanes=params.lanes)
    print(
        f"unlock: kdf=argon2id memory_mib={params.memory_kib // 1024} iterations={params.iterations} "
        f"lanes={params.lanes} derive_s={statistics.median(derive_times):.3f} "
        f"unlock_s={statistics.median(unlock_times):.3f} calibrate_s={calibrate_s:.3f} "
        f"target_s={kdf_module.TARGET_DERIVE_SECONDS} max_memory_mib={kdf_module.MAX_MEMORY_KIB // 1024} "
        f"max_iterations={kdf_module.MAX_ITERATIONS} max_lanes={kdf_module.MAX_LANES} "
        f"max_work_mib_passes={kdf_module.MAX_WORK_KIB // 1024} bound_derive_s={_timed(bound):.3f}"
    )


if __name__ == "__main__":
    main()
