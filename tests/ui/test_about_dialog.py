"""The About dialog: name, version, icon, component versions and the font licence."""

import importlib.metadata
import sys

import pytest
from PySide6.QtCore import QLibraryInfo, Qt

from solodesk import APP_NAME, __version__
from solodesk.ui.about_dialog import AboutDialog


@pytest.fixture
def dialog(qtbot) -> AboutDialog:
    about = AboutDialog()
    qtbot.addWidget(about)
    about.show()
    return about


def test_title_name_and_version_come_from_the_package(dialog: AboutDialog) -> None:
    """The title says 'About SOLO Desk' and the version line is the package's __version__."""
    assert dialog.windowTitle() == f"About {APP_NAME}"
    assert dialog.name_label.text() == APP_NAME
    assert dialog.version_label.text() == f"Version {__version__}"


def test_shows_the_application_icon(dialog: AboutDialog) -> None:
    """The icon from resources/icons is drawn (a real pixmap, not an empty label)."""
    pixmap = dialog.icon_label.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() == 96


def test_lists_python_qt_and_sqlcipher_versions(dialog: AboutDialog, store) -> None:
    """Python, Qt and SQLCipher versions are the ones actually running, read here from other sources.

    SQLCipher's comes from the engine of a real encrypted store, PySide's from the installed
    distribution and Qt's from QLibraryInfo, so a dialog showing stale or invented numbers fails.
    """
    assert dialog.version_text("Python") == ".".join(str(part) for part in sys.version_info[:3])
    assert dialog.version_text("Qt") == (
        f"{QLibraryInfo.version().toString()} (PySide6 {importlib.metadata.version('PySide6')})"
    )
    with store.engine.connect() as connection:
        cipher = connection.exec_driver_sql("PRAGMA cipher_version").scalar_one()
        sqlite = connection.exec_driver_sql("SELECT sqlite_version()").scalar_one()
    assert dialog.version_text("SQLCipher") == f"{cipher} (SQLite {sqlite})"


def test_description_fits_without_clipping(dialog: AboutDialog) -> None:
    """The wrapped description gets the height its text needs at the width it has."""
    label = dialog.description_label
    assert label.height() >= label.heightForWidth(label.width())


def test_font_licence_note_and_full_text_on_request(qtbot, dialog: AboutDialog) -> None:
    """The DejaVu note is visible; the full licence unfolds with the button and folds again."""
    assert "DejaVu" in dialog.font_note_label.text()
    assert not dialog.licence_text.isVisible()
    qtbot.mouseClick(dialog.licence_button, Qt.MouseButton.LeftButton)
    assert dialog.licence_text.isVisible()
    assert "Bitstream Vera" in dialog.licence_text.toPlainText()
    assert dialog.licence_button.text() == "Hide font licence"
    qtbot.mouseClick(dialog.licence_button, Qt.MouseButton.LeftButton)
    assert not dialog.licence_text.isVisible()


def test_escape_closes_the_dialog(qtbot, dialog: AboutDialog) -> None:
    """Escape closes the dialog like its Close button."""
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
