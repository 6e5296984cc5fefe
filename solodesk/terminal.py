"""Keep what a person types at the terminal off the screen until a prompt asks for it.

SOLO Desk's commands take a few seconds to import before they can prompt for a
passphrase. A person who starts typing the passphrase at once would otherwise see it
echoed in clear. :func:`silence_echo` turns the terminal's echo off first thing (before
the slow imports); getpass then asks with echo off as usual, and :func:`echo_on` lends
echo back for the few questions whose answers are not secret. The terminal's own
settings come back when the process exits.
"""

import atexit
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

try:
    import termios
except ImportError:  # pragma: no cover - Windows has no termios; its console does not echo type-ahead
    termios = None  # type: ignore[assignment]

_saved: list[Any] | None = None


def silence_echo() -> None:
    """Turn echo off on an interactive terminal and restore it at exit (no-op elsewhere)."""
    global _saved
    if termios is None or _saved is not None or not sys.stdin.isatty():
        return
    try:
        fd = sys.stdin.fileno()
        _saved = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~termios.ECHO
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except (OSError, termios.error):
        _saved = None
        return
    atexit.register(restore_echo)


def restore_echo() -> None:
    """Give the terminal back its settings from before :func:`silence_echo`."""
    global _saved
    if termios is None or _saved is None:
        return
    with suppress(OSError, termios.error):
        termios.tcsetattr(sys.stdin.fileno(), termios.TCSANOW, _saved)
    _saved = None


@contextmanager
def echo_on() -> Iterator[None]:
    """Let the person see what they type for a question whose answer is not secret."""
    if termios is None or _saved is None:
        yield
        return
    fd = sys.stdin.fileno()
    quiet = termios.tcgetattr(fd)
    termios.tcsetattr(fd, termios.TCSANOW, _saved)
    try:
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
