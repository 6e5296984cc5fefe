"""Importing a pack: passphrase, then a preview with a choice per conflict, then one transaction.

Nothing is written until the user presses Import. A pack that is damaged,
altered or opened with the wrong passphrase is refused whole with a message.
Opening (key derivation, decryption, the preview) and importing run as
background jobs behind a busy bar; Cancel while a pack is opening drops it.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from solodesk.services.packs import (
    NEW,
    SAME,
    Choice,
    ImportPreview,
    ImportResult,
    PackContents,
    PackError,
    apply_import,
    preview_import,
    read_pack,
)
from solodesk.store import CaseStore
from solodesk.ui import prompts
from solodesk.ui.jobs import Job, JobHandle, runner
from solodesk.ui.packs.pack_passphrase import open_then_import, passphrase_page, secret
from solodesk.ui.packs.widgets import HINT_STYLE, fill_table, read_only_table, show_iso_date

_CHOICES = [("Keep mine", Choice.KEEP_MINE), ("Take theirs", Choice.TAKE_THEIRS)]


class ImportPackDialog(QDialog):
    """Open a pack with its passphrase, show what it holds, and import it when the user says so.

    Attributes:
        preview: what the pack would change, once it is open.
        import_result: what the import did, once it is done.
    """

    def __init__(self, store: CaseStore, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.path = Path(path)
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self._contents: PackContents | None = None
        self._choice_boxes: dict[str, QComboBox] = {}
        self._job: Job | None = None
        self.setWindowTitle(f"Import conference pack — {self.path.name}")
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_passphrase_page())
        self.pages.addWidget(self._build_preview_page())
        self.buttons, self.open_button, self.import_button, self.busy_bar = open_then_import(
            self, self.pages, "Open pack", self._open_pack, self._import
        )
        self.resize(760, 300)
        self.passphrase.setFocus()

    # Pages -------------------------------------------------------------------------

    def _build_passphrase_page(self) -> QWidget:
        self.passphrase = secret()
        self.passphrase.returnPressed.connect(self._open_pack)
        return passphrase_page(
            f"Enter the pack passphrase for {self.path.name}. The pack is checked whole before anything "
            "is shown; nothing is added to your store until you press Import.",
            self.passphrase,
        )

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.items_table = read_only_table(["Item", "What", "Status"], stretch=(1,))
        self.conflicts_label = QLabel(
            "These differ from what your store holds. Nothing is overwritten unless you choose “Take theirs”."
        )
        self.conflicts_label.setWordWrap(True)
        self.conflicts_table = read_only_table(
            ["Difference", "Mine (this store)", "Theirs (the pack)", "Keep"], stretch=(0, 1, 2)
        )
        hint = QLabel("Restricted items stay restricted after import.")
        hint.setStyleSheet(HINT_STYLE)
        column = QVBoxLayout(page)
        column.addWidget(self.summary_label)
        column.addWidget(self.items_table, 2)
        column.addWidget(self.conflicts_label)
        column.addWidget(self.conflicts_table, 1)
        column.addWidget(hint)
        return page

    # Steps -------------------------------------------------------------------------

    @property
    def is_busy(self) -> bool:
        """Return True while a pack is being opened or imported."""
        return self._job is not None

    def reject(self) -> None:
        """Cancel: an opening pack is dropped; an import under way (one transaction) is waited for."""
        if self._job is not None:
            if self.import_button.isVisible():
                return  # the import commits or rolls back whole; the dialog stays until it has
            self._job.cancel()
        super().reject()

    def _run(self, work: Callable[[JobHandle], Any], on_success: Callable[[Any], None], failure: str) -> None:
        self.busy_bar.setVisible(True)
        self.pages.setEnabled(False)
        for button in (self.open_button, self.import_button):
            button.setEnabled(False)
        job = self._job = runner().submit(work, on_success=on_success, owner=self)
        job.failed.connect(lambda exc: self._failed(failure, exc))
        job.finished.connect(self._job_ended)

    def _job_ended(self) -> None:
        self._job = None
        self.busy_bar.setVisible(False)
        self.pages.setEnabled(True)
        self.open_button.setEnabled(True)
        if self.preview is not None:
            self._enable_import(self.preview)

    def _failed(self, title: str, failure: BaseException) -> None:
        if title == "Pack refused":
            prompts.error(self, title, f"{_explain(failure)} Nothing was imported.")
            self.passphrase.setFocus()
        else:
            prompts.error(self, title, f"{_explain(failure)} Your store is as it was.")

    def _open_pack(self) -> None:
        if self._job is not None:
            return
        path, passphrase, store = self.path, self.passphrase.text(), self.store
        self.passphrase.clear()

        def work(_handle: JobHandle) -> tuple[PackContents, ImportPreview]:
            contents = read_pack(path, passphrase)
            return contents, preview_import(store, contents)

        self._run(work, self._opened, "Pack refused")

    def _opened(self, result: tuple[PackContents, ImportPreview]) -> None:
        self._contents, self.preview = result
        self._show_preview(self.preview)

    def _show_preview(self, preview: ImportPreview) -> None:
        if preview.creates_case:
            where = "This case is not in your store yet: importing creates it."
        else:
            where = f"This is a case already in your store (matched by {preview.matched_by})."
        born = f", born {show_iso_date(preview.date_of_birth)}" if preview.date_of_birth else ""
        refs = f" ({preview.references})" if preview.references else ""
        self.summary_label.setText(
            f"{preview.subject_name}{born}{refs}. {where}\n"
            f"{preview.count(NEW)} new item(s), {preview.count(SAME)} already here, "
            f"{len(preview.conflicts)} conflict(s)."
        )
        fill_table(
            self.items_table,
            [[i.kind + (" (restricted)" if i.restricted else ""), i.summary, i.status] for i in preview.items],
        )
        fill_table(self.conflicts_table, [[c.label, c.mine, c.theirs, ""] for c in preview.conflicts])
        self._choice_boxes.clear()
        for row, conflict in enumerate(preview.conflicts):
            box = QComboBox()
            for label, choice in _CHOICES:
                box.addItem(label, choice)
            self.conflicts_table.setCellWidget(row, 3, box)
            self._choice_boxes[conflict.key] = box
        has_conflicts = bool(preview.conflicts)
        self.conflicts_label.setVisible(has_conflicts)
        self.conflicts_table.setVisible(has_conflicts)
        self.pages.setCurrentIndex(1)
        self.open_button.setVisible(False)
        self.import_button.setVisible(True)
        nothing_to_do = self._enable_import(preview)
        if nothing_to_do:
            self.summary_label.setText(self.summary_label.text() + "\nEverything in this pack is already here.")
        self.resize(max(self.width(), 900), 620)
        for table in (self.items_table, self.conflicts_table):
            table.resizeRowsToContents()

    def _enable_import(self, preview: ImportPreview) -> bool:
        """Enable Import unless the pack holds nothing new; return True when it holds nothing new."""
        nothing_to_do = preview.count(NEW) == 0 and not preview.conflicts and not preview.creates_case
        self.import_button.setEnabled(not nothing_to_do and self.import_result is None)
        return nothing_to_do

    def choices(self) -> dict[str, Choice]:
        """Return the user's choice for each conflict shown."""
        return {key: Choice(box.currentData()) for key, box in self._choice_boxes.items()}

    def _import(self) -> None:
        if self._contents is None or self._job is not None:
            return
        store, contents, choices = self.store, self._contents, self.choices()
        # The import is one transaction: any failure leaves the store as it was.
        self._run(lambda _handle: apply_import(store, contents, choices), self._imported, "Pack not imported")

    def _imported(self, result: ImportResult) -> None:
        self.import_result = result
        prompts.info(
            self,
            "Pack imported",
            f"Added {result.added} item(s), updated {result.updated}, kept your version of {result.kept}."
            + (" The case was created." if result.created_case else ""),
        )
        self.accept()


def _explain(failure: BaseException | None) -> str:
    """Return one sentence for a failure; only a PackError's own sentence is shown (others may hold case data)."""
    if isinstance(failure, PackError):
        return str(failure)
    if isinstance(failure, OSError):
        return "The pack could not be read or imported because of a problem with the file or the disk."
    return "The pack could not be opened or imported because SOLO Desk found something in it that it cannot handle."
