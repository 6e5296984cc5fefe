"""Every failure while opening or importing a pack is a clear dialog; the cursor comes back and nothing is written."""

import copy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from solodesk.services.packs import apply_import, export_pack, read_pack
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.packs import ImportPackDialog
from solodesk.ui.packs import import_dialog as import_module
from tests.conftest import PASSPHRASE
from tests.helpers.files import snapshot
from tests.helpers.packs import PACK_PASSPHRASE, open_document, prepare_case, row_counts, write_document


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Record every message box instead of showing it, with whether the wait cursor was still on."""
    shown: list[tuple[str, str, str]] = []

    def record(kind: str):
        def show(parent, title, text) -> None:
            assert QGuiApplication.overrideCursor() is None, "the wait cursor is still on under the dialog"
            shown.append((kind, title, text))

        return show

    monkeypatch.setattr(prompts, "error", record("error"))
    monkeypatch.setattr(prompts, "info", record("info"))
    return shown


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A worker's pack of the prepared demo case."""
    store, _ = CaseStore.create(tmp_path / "worker", PASSPHRASE)
    with store:
        subject_id = prepare_case(store, tmp_path)
        export_pack(store, subject_id, tmp_path / "leon.solopack", PACK_PASSPHRASE)
    return tmp_path / "leon.solopack"


@pytest.fixture
def chair(tmp_path: Path) -> CaseStore:
    """The chair's fresh store."""
    store, _ = CaseStore.create(tmp_path / "chair", PASSPHRASE)
    yield store
    store.close()


def _open(qtbot, chair: CaseStore, pack: Path) -> ImportPackDialog:
    dialog = ImportPackDialog(chair, pack)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, PACK_PASSPHRASE)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy)  # the pack is opened by a background job
    return dialog


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(5, "Input/output error: /home/officer/Leon"), "problem with the file or the disk"),
        (ValueError("unexpected Leon"), "cannot handle"),
    ],
)
def test_an_unexpected_error_while_opening_is_a_dialog(qtbot, pack, chair, messages, monkeypatch, error, expected):
    """An OSError or ValueError while reading the pack: an error dialog in plain words, no case data, no preview."""

    def failing_read(*args: object) -> None:
        raise error

    monkeypatch.setattr(import_module, "read_pack", failing_read)
    before = snapshot(chair.folder)
    dialog = _open(qtbot, chair, pack)
    assert [m[:2] for m in messages] == [("error", "Pack refused")]
    assert expected in messages[0][2] and "Nothing was imported" in messages[0][2] and "Leon" not in messages[0][2]
    assert QGuiApplication.overrideCursor() is None
    assert dialog.pages.currentIndex() == 0 and dialog.passphrase.text() == ""
    assert snapshot(chair.folder) == before


def test_a_pack_naming_another_case_is_refused_in_the_dialog(qtbot, pack, chair, tmp_path, messages) -> None:
    """A hostile pack reusing another case's report uuid: the dialog refuses it and shows none of that report."""
    apply_import(chair, read_pack(pack, PACK_PASSPHRASE))
    document, _ = open_document(pack)
    hostile = copy.deepcopy(document)
    hostile["subject"].update(visor_ref="EVIL-1", police_ref="", surname="Other")
    hostile["items"] = [i for i in hostile["items"] if i["kind"] == "agency_report"]
    path = write_document(tmp_path / "hostile.solopack", hostile)
    counts = row_counts(chair)
    dialog = _open(qtbot, chair, path)
    assert [m[:2] for m in messages] == [("error", "Pack refused")]
    assert "belongs to another case" in messages[0][2]
    assert dialog.preview is None and not dialog.import_button.isVisible()
    assert row_counts(chair) == counts


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), ValueError("bad value")])
def test_an_unexpected_error_while_importing_is_a_dialog(qtbot, pack, chair, messages, monkeypatch, error) -> None:
    """A failure during the import itself: an error dialog, the cursor back, the dialog still open, no rows."""

    def failing_import(*args: object, **kwargs: object) -> None:
        raise error

    dialog = _open(qtbot, chair, pack)
    assert dialog.import_button.isVisible() and not messages
    monkeypatch.setattr(import_module, "apply_import", failing_import)
    before = row_counts(chair)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.is_busy)
    assert [m[:2] for m in messages] == [("error", "Pack not imported")]
    assert "Your store is as it was" in messages[0][2]
    assert QGuiApplication.overrideCursor() is None and dialog.isVisible() and dialog.import_result is None
    assert row_counts(chair) == before
