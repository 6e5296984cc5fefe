"""Time unlocking a store with the real Argon2id parameters.

Run: ``.venv/bin/python bench/unlock.py``. Prints one line:
``unlock: kdf=argon2id memory_mib=M iterations=T lanes=L derive_s=A unlock_s=B``
where ``derive_s`` is the median key derivation alone and ``unlock_s`` the
median full unlock (derive, unwrap, open the database, check its schema).
"""

import statistics
import tempfile
import time
from pathlib import Path

from solodesk.store import CaseStore
from solodesk.store.keyslots import DEFAULT_ARGON2

ROUNDS = 5
PASSPHRASE = "benchmark passphrase"


def main() -> None:
    params = DEFAULT_ARGON2
    derive_times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        params.derive(PASSPHRASE, b"0123456789abcdef")
        derive_times.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        store, _ = CaseStore.create(Path(folder) / "store", PASSPHRASE)
        store.close()
        unlock_times = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            CaseStore.open_with_passphrase(Path(folder) / "store", PASSPHRASE).close()
            unlock_times.append(time.perf_counter() - start)
    print(
        f"unlock: kdf=argon2id memory_mib={params.memory_kib // 1024} iterations={params.iterations} "
        f"lanes={params.lanes} derive_s={statistics.median(derive_times):.3f} "
        f"unlock_s={statistics.median(unlock_times):.3f}"
    )


if __name__ == "__main__":
    main()
