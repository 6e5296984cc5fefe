"""The one seam for message boxes and file dialogs.

Every QMessageBox and QFileDialog in SOLO Desk goes through these functions, so
tests patch one place and never block on a modal ``exec()``. The dialog classes
are imported when first asked for: loading them (and their many enums) would
delay the lock window's first paint (issue 9).
"""

from PySide6.QtWidgets import QWidget


def error(parent: QWidget | None, title: str, text: str) -> None:
    """Show an error the user must acknowledge."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def info(parent: QWidget | None, title: str, text: str) -> None:
    """Show a piece of information."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; return True for yes."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return bool(answer == QMessageBox.StandardButton.Yes)


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    """Ask for a folder; return an empty string when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title, start)


def choose_open_file(parent: QWidget | None, title: str, filters: str) -> str:
    """Ask for a file to open; return an empty string when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def choose_save_file(parent: QWidget | None, title: str, start: str, filters: str) -> str:
    """Ask where to save a file; return an empty string when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
    return path


ATTACHMENT_FILTER = "Reports and images (*.pdf *.docx *.png *.jpg *.jpeg)"
PACK_FILTER = "SOLO Desk packs (*.solopack)"


def choose_attachment_files(parent: QWidget | None) -> list[str]:
    """Ask for report files to attach (PDF, Word, images); return an empty list when cancelled."""
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(parent, "Attach files to the report", "", ATTACHMENT_FILTER)
    return list(paths)


def choose_pack_to_open(parent: QWidget | None) -> str:
    """Ask for a pack file to import; return an empty string when cancelled."""
    return choose_open_file(parent, "Import a conference pack", PACK_FILTER)


def choose_pack_to_save(parent: QWidget | None, start: str) -> str:
    """Ask where to write a pack file; return an empty string when cancelled."""
    return choose_save_file(parent, "Export a conference pack", start, PACK_FILTER)


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """Ask for one line of text; return None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value if ok else None


def ask_choice(parent: QWidget | None, title: str, label: str, choices: list[str]) -> str | None:
    """Ask the user to pick one of several names; return None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    value, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
    return value if ok else None
