"""Argon2id passes are calibrated to about half a second; slots asking for more than the bounds are refused."""

import pytest

from solodesk.store import kdf
from solodesk.store.kdf import Argon2Params


class _Clock:
    """Wall and CPU clocks that advance only when the (stubbed) derivation runs."""

    def __init__(self, wall_s: float, cpu_s: float) -> None:
        self.wall = self.cpu = 0.0
        self.step = (wall_s, cpu_s)

    def perf_counter(self) -> float:
        return self.wall

    def process_time(self) -> float:
        return self.cpu

    def derive(self) -> bytes:
        self.wall += self.step[0]
        self.cpu += self.step[1]
        return bytes(32)


@pytest.mark.parametrize(
    ("wall_s", "cpu_s", "passes"),
    [
        (0.27, 0.54, 2),  # this 2-core laptop, idle: 2 passes, about 0.53 s
        (2.9, 0.66, 2),  # the same laptop busy with other work: not weakened
        (0.1, 0.2, 5),  # a faster machine
        (0.01, 0.02, kdf.MAX_CALIBRATED_ITERATIONS),  # much faster: capped inside the read bounds
        (0.8, 1.6, 1),  # a slow machine: never fewer than one pass of 256 MiB
    ],
)
def test_passes_land_near_half_a_second(
    monkeypatch: pytest.MonkeyPatch, wall_s: float, cpu_s: float, passes: int
) -> None:
    """The pass count follows the measured pass time; memory stays at 256 MiB; the result is within the read bounds."""
    clock = _Clock(wall_s, cpu_s)
    monkeypatch.setattr(kdf, "_calibrated", None)
    monkeypatch.setattr(kdf, "time", clock)  # the calibration reads only these two clocks
    monkeypatch.setattr(kdf.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(Argon2Params, "derive", lambda _self, _passphrase, _salt: clock.derive())
    params = kdf.calibrated_argon2()
    assert params.memory_kib == 256 * 1024 and params.iterations == passes
    assert params.within_bounds()
    assert kdf.calibrated_argon2() is params  # measured once per process


@pytest.mark.parametrize(
    ("params", "allowed"),
    [
        (Argon2Params(), True),
        (Argon2Params(memory_kib=1024, iterations=1, lanes=1), True),
        (Argon2Params(memory_kib=1024 * 1024, iterations=4, lanes=4), True),
        (Argon2Params(memory_kib=1024 * 1024, iterations=5, lanes=4), False),
        (Argon2Params(memory_kib=2 * 1024 * 1024, iterations=1, lanes=4), False),
        (Argon2Params(memory_kib=262_144, iterations=11, lanes=4), False),
        (Argon2Params(memory_kib=262_144, iterations=2, lanes=9), False),
        (Argon2Params(memory_kib=262_144, iterations=0, lanes=4), False),
    ],
)
def test_read_bounds(params: Argon2Params, allowed: bool) -> None:
    """At most 1 GiB, 10 passes, 8 lanes and 4 GiB-passes of work in all."""
    assert params.within_bounds() is allowed
