"""What importing a handover would change, shown before anything is written.

The page lists every record the pack carries with what the import does to it,
and each record changed on both computers with both versions side by side and
a choice per record: keep this computer's version (the default) or take the
pack's. An issued minute and a sent copy are never rewritten, so for them only
"Keep mine" can be chosen.
"""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from solodesk.services.handover import Choice, HandoverPreview
from solodesk.ui.packs.widgets import HINT_STYLE, fill_table, read_only_table

KEEP_MINE = "Keep mine"
TAKE_THEIRS = "Take theirs"
STATUS_ORDER = ("new", "changed there", "changed on both", "changed here", "already here", "not taken")
NEVER_REWRITTEN = "An issued minute or a copy already sent is never rewritten: this computer's version stays."


@dataclass(frozen=True)
class PreviewWords:
    """How the preview names the two sides (a handover's are this computer and the pack; a check-in's differ).

    Attributes:
        mine: the column of the receiving side's version (whose version "keep" keeps).
        theirs: the column of the incoming version.
        keep: the choice that keeps the receiving side's version.
        take: the choice that takes the incoming version.
        here: the receiving side, in a sentence ("this computer").
        doing: what the action is called in a sentence ("importing").
        show_sender: whether the summary says who sent the records.
    """

    mine: str = "This computer"
    theirs: str = "The pack"
    keep: str = KEEP_MINE
    take: str = TAKE_THEIRS
    here: str = "this computer"
    doing: str = "importing"
    show_sender: bool = True  # a pack says who made it; a laptop's own store names only its OS account

    def conflicts_intro(self) -> str:
        """Return the sentence above the conflicts."""
        return (
            f"Changed on both sides since they last exchanged them. Nothing here is overwritten "
            f"unless you choose “{self.take}”."
        )


HANDOVER_WORDS = PreviewWords()


class HandoverPreviewPage(QWidget):
    """The preview of a handover import: a summary, the records, and a choice per conflict.

    Attributes:
        summary_label: who and what the pack is about, what it creates and the counts per status.
        records_table: one row per record (kind, what, status, a "restricted" mark).
        conflicts_table: one row per conflict (record, this computer, the pack, the choice).
    """

    def __init__(self, parent: QWidget | None = None, words: PreviewWords = HANDOVER_WORDS) -> None:
        super().__init__(parent)
        self.words = words
        self._choice_boxes: dict[str, QComboBox] = {}
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.records_table = read_only_table(["Record", "What", "Status", "Restricted"], stretch=(1,))
        self.conflicts_label = QLabel(
            "Changed on both computers since they last exchanged them. Nothing here is overwritten "
            "unless you choose “Take theirs”."
            if words == HANDOVER_WORDS
            else words.conflicts_intro()
        )
        self.conflicts_label.setWordWrap(True)
        self.conflicts_table = read_only_table(["Record", words.mine, words.theirs, "Choice"], stretch=(0, 1, 2))
        doing = "an import" if words == HANDOVER_WORDS else words.doing
        hint = QLabel(f"Restricted records stay restricted: {doing} never widens who may see them.")
        hint.setStyleSheet(HINT_STYLE)
        hint.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary_label)
        column.addWidget(self.records_table, 3)
        column.addWidget(self.conflicts_label)
        column.addWidget(self.conflicts_table, 2)
        column.addWidget(hint)

    def show_preview(self, preview: HandoverPreview) -> None:
        """Fill the page from a preview; every conflict starts on "Keep mine"."""
        self.summary_label.setText(summary_text(preview, self.words))
        fill_table(
            self.records_table,
            [
                [line.kind, line.summary or "—", line.status, "restricted" if line.restricted else ""]
                for line in preview.lines
            ],
        )
        fill_table(self.conflicts_table, [[c.label, c.mine, c.theirs, ""] for c in preview.conflicts])
        self._choice_boxes.clear()
        for row, conflict in enumerate(preview.conflicts):
            box = QComboBox()
            box.addItem(self.words.keep, Choice.KEEP_MINE)
            box.addItem(self.words.take, Choice.TAKE_THEIRS)
            box.setAccessibleName(f"Choice for {conflict.label}")
            if not conflict.can_take_theirs:
                model = box.model()
                if isinstance(model, QStandardItemModel):
                    item = model.item(1)
                    if item is not None:
                        item.setEnabled(False)
                box.setToolTip(NEVER_REWRITTEN)
            self.conflicts_table.setCellWidget(row, 3, _top_aligned(box))
            self._choice_boxes[conflict.key] = box
        has_conflicts = bool(preview.conflicts)
        self.conflicts_label.setVisible(has_conflicts)
        self.conflicts_table.setVisible(has_conflicts)
        for table in (self.records_table, self.conflicts_table):
            table.resizeRowsToContents()

    def choice_box(self, key: str) -> QComboBox:
        """Return the choice shown for the conflict with this key."""
        return self._choice_boxes[key]

    def choices(self) -> dict[str, Choice]:
        """Return the user's choice for each conflict shown."""
        return {key: Choice(box.currentData()) for key, box in self._choice_boxes.items()}


def _top_aligned(box: QComboBox) -> QWidget:
    """Return the choice in a cell holder at the top of its row, at its natural height, beside the texts' first line."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(box)
    layout.addStretch(1)
    holder.setFocusProxy(box)
    return holder


def nothing_to_do(preview: HandoverPreview) -> bool:
    """Return True when importing would change nothing on this computer."""
    changes = preview.count("new") + preview.count("changed there") + len(preview.conflicts)
    return changes == 0 and not preview.creates_case and not preview.creates_conference


def summary_text(preview: HandoverPreview, words: PreviewWords = HANDOVER_WORDS) -> str:
    """Return the preview's summary: whose conference, from whom, what it creates, the counts per status."""
    sent_by = f" Sent by {preview.sent_by}." if preview.sent_by and words.show_sender else ""
    here, doing = words.here, words.doing
    if preview.creates_case:
        where = f"This case is not on {here} yet: {doing} creates it and the conference."
    elif preview.creates_conference:
        where = f"The case is on {here}; {doing} adds this conference to it."
    else:
        where = f"The case and this conference are on {here}; {doing} brings them up to date."
    counts = ", ".join(f"{preview.count(status)} {status}" for status in STATUS_ORDER if preview.count(status))
    text = f"{preview.subject_name} — {preview.conference}.{sent_by}\n{where}\nRecords: {counts or 'none'}."
    if nothing_to_do(preview):
        text += "\nEverything in this pack is already here." if words == HANDOVER_WORDS else "\nNothing differs."
    return text
