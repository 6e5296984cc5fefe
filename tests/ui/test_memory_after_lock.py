"""Secrets leave with the lock: after Ctrl+L, this process's memory holds no key, passphrase or case text.

A real window is unlocked on a demo store by typing the passphrase, a word is
typed into the register's search, then Ctrl+L. The whole readable memory of
this process (``/proc/self/maps`` + ``/proc/self/mem``) is searched for the
database key (raw and hex), the passphrase (UTF-8 and UTF-16) and two case
words (one stored, one typed), in UTF-8 and UTF-16. The same search run before
the lock finds them, so the test can fail. The secrets are random, made here
and kept masked, so the test's own copies never match.
"""

import gc
import secrets
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from solodesk.secret_memory import protect_process
from solodesk.ui.main_window import MainWindow
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.helpers.memory_scan import MASK, scan_memory
from tests.helpers.qt_keys import press

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/mem")

# Made in another process, so the passphrase never passes through this one except by typing.
MAKE_STORE = f"""
import sys
from pathlib import Path
from sqlalchemy import select
from solodesk.models import Subject
from solodesk.services.demo import load_demo
from solodesk.store import Argon2Params, CaseStore, keyslots
keyslots.DEFAULT_ARGON2 = Argon2Params({FAST_KDF.memory_kib}, {FAST_KDF.iterations}, {FAST_KDF.lanes})
unmask = lambda text: bytes(b ^ {MASK} for b in bytes.fromhex(text)).decode()
store, _ = CaseStore.create(Path(sys.argv[1]), unmask(sys.argv[2]))
with store.session() as session:
    load_demo(session)
    session.scalars(select(Subject)).one().surname = unmask(sys.argv[3])
store.close()
"""
_LETTERS = b"abcdefghijklmnopqrstuvwxyz"
_HEX = b"0123456789abcdef"


def _masked_word(length: int) -> bytes:
    return bytes(secrets.choice(_LETTERS) ^ MASK for _ in range(length))


def _masked_utf16(masked_ascii: bytes) -> bytes:
    return bytes(b for c in masked_ascii for b in (c, MASK))  # "c\0" masked is (c ^ M, M)


def _masked_hex(key: bytearray) -> bytes:
    return bytes(_HEX[nibble] ^ MASK for byte in key for nibble in (byte >> 4, byte & 0x0F))


def _type_masked(qtbot, widget, masked: bytes) -> None:
    # One key at a time, as a person types: one-character strings are shared singletons, not copies.
    for code in masked:
        qtbot.keyClick(widget, chr(code ^ MASK))


def test_lock_leaves_no_key_passphrase_or_case_text_in_memory(qtbot, store_folder) -> None:
    """Unlock by typing, search, Ctrl+L: none of the secrets or case words is anywhere in memory."""
    protect_process()  # as solodesk.__main__.main does at start
    passphrase, stored_word, typed_word = _masked_word(24), _masked_word(14), _masked_word(13)
    subprocess.run(
        [sys.executable, "-c", MAKE_STORE, str(store_folder), passphrase.hex(), stored_word.hex()], check=True
    )
    window = MainWindow(store_folder)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.lock_screen.passphrase_field, Qt.MouseButton.LeftButton)  # into the field, as a person does
    _type_masked(qtbot, window.lock_screen.passphrase_field, passphrase)
    typed = scan_memory({"passphrase UTF-16": _masked_utf16(passphrase)})
    assert typed.found(), "control: the typed passphrase is in the field"
    qtbot.keyClick(window.lock_screen.passphrase_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=30_000)  # the unlock runs in the background
    assert window.store is not None
    key = window.store._key
    assert key is not None
    needles = {
        "key raw": bytes(b ^ MASK for b in key),
        "key hex": _masked_hex(key),
        "passphrase UTF-8": passphrase,
        "passphrase UTF-16": _masked_utf16(passphrase),
        "stored word UTF-8": stored_word,
        "stored word UTF-16": _masked_utf16(stored_word),
        "typed word UTF-8": typed_word,
        "typed word UTF-16": _masked_utf16(typed_word),
    }
    del key
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    _type_masked(qtbot, window.workspace.register_view.search_field, typed_word)
    before = scan_memory(needles)
    for control in ("key raw", "stored word", "typed word"):
        found = sum(count for name, count in before.hits.items() if name.startswith(control))
        assert found > 0, f"control: {control} is in memory while unlocked ({before.hits})"

    started = time.perf_counter()
    press(qtbot, window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock_seconds = time.perf_counter() - started
    assert window.is_locked
    gc.collect()
    after = scan_memory(needles)
    print(
        f"memory scan: lock_s={lock_seconds:.2f} bytes={after.bytes_scanned}",
        f"hits_before={before.found()} hits_after={after.found()}",
    )
    assert after.found() == {}, f"left in memory after lock: {after.found()} (before: {before.found()})"


def test_lock_clears_case_text_the_app_put_on_the_clipboard(qtbot, demo_window) -> None:
    """Text copied from a field leaves the clipboard on Ctrl+L; another program's text stays."""
    clipboard = QGuiApplication.clipboard()
    search = demo_window.workspace.register_view.search_field
    press(qtbot, demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(search, "marc lyon")
    qtbot.keyClick(search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "marc lyon"
    press(qtbot, demo_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.is_locked
    assert clipboard.text() == ""

    clipboard.setText("a shopping list from another program")
    qtbot.keyClicks(demo_window.lock_screen.passphrase_field, PASSPHRASE)
    qtbot.keyClick(demo_window.lock_screen.passphrase_field, Qt.Key.Key_Return)
    press(qtbot, demo_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.is_locked
    assert clipboard.text() == "a shopping list from another program"
    clipboard.clear()
