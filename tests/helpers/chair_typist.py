"""A chair typing steadily in chair mode, run as a child process so a test can kill it.

Run: ``python -m tests.helpers.chair_typist`` with ``QT_QPA_PLATFORM=offscreen``
and the passphrase in ``SOLODESK_PASSPHRASE``. Qt and SOLO Desk take seconds to
import, so it imports them once and then, for each line ``STORE_FOLDER<TAB>
CONFERENCE_ID<TAB>LOG_PATH`` read from stdin, forks a typist process (before any
QApplication exists), prints ``pid <pid>``, waits for it to die and prints ``reaped``.
The typist prints ``ready <monotonic time>`` on the same output when it starts
typing, so the test waits on the pipe, not on a file.

It opens the store, opens chair mode on the conference and types :data:`WORDS`
into the notes of the items in :data:`ITEMS` through real key events (one key
every :data:`KEY_INTERVAL_MS`, paced by a timer, as a steady typist would),
moving to the next item with Alt+number every :data:`WORDS_PER_ITEM` words. After
the last letter of each word it appends ``<monotonic time> <item number> <word
index>`` to the log and flushes it, so whoever kills the process knows what had
been typed and when. It never stops on its own: the test ends it with SIGKILL.
"""

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from solodesk.models import AgendaItem
from solodesk.store import CaseStore
from solodesk.ui.chair import ChairDesk

ITEMS = (AgendaItem.INTRODUCTIONS, AgendaItem.PURPOSE, AgendaItem.NEXT_MEETING)
SENTENCE = (
    "Police confirmed the address checks were done and the subject reported on time every week "
    "while housing raised concerns about the hostel near the primary school and asked for a review"
)
WORDS = SENTENCE.split()
WORDS_PER_ITEM = 6
KEY_INTERVAL_MS = 45


def typed_text(words: list[str]) -> str:
    """Return what the typist types into one field for these words (a space after each)."""
    return "".join(f"{word} " for word in words)


def words_for(item_index: int, count: int) -> list[str]:
    """Return the words typed into the ``item_index``-th field, in order, if ``count`` words were typed in all."""
    chosen = []
    for index in range(count):
        if (index // WORDS_PER_ITEM) % len(ITEMS) == item_index:
            chosen.append(WORDS[index % len(WORDS)])
    return chosen


class Typist:
    """Types one key per timer tick into whatever has the keyboard focus, as a keyboard does."""

    def __init__(self, desk: ChairDesk, log_path: Path) -> None:
        self.desk = desk
        self.log = log_path.open("a", encoding="utf-8")
        self.word_index = 0
        self.char_index = 0
        self.timer = QTimer()
        self.timer.setInterval(KEY_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        """Go to the first item and start typing."""
        self.go_to_item()
        started = f"{time.monotonic():.4f}"
        self.log.write(f"{started} ready\n")
        self.log.flush()
        print(f"ready {started}", flush=True)  # the test waits for this line on the pipe
        self.timer.start()

    def item(self) -> AgendaItem:
        """Return the agenda item whose notes the current word goes into."""
        return ITEMS[(self.word_index // WORDS_PER_ITEM) % len(ITEMS)]

    def go_to_item(self) -> None:
        """Press Alt+number; the cursor must land in that item's notes or the run is void."""
        item = self.item()
        QTest.keyClick(
            self.desk.window().windowHandle(), Qt.Key(Qt.Key.Key_0 + item.number), Qt.KeyboardModifier.AltModifier
        )
        notes = self.desk.page_for(item).notes
        if QApplication.focusWidget() is not notes:
            sys.stderr.write(f"Alt+{item.number} did not put the cursor in the notes\n")
            os._exit(3)

    def tick(self) -> None:
        """Type the next key (a letter, or the space after a word)."""
        word = WORDS[self.word_index % len(WORDS)]
        window = self.desk.window().windowHandle()
        if self.char_index < len(word):
            QTest.keyClick(window, word[self.char_index])
            self.char_index += 1
            if self.char_index == len(word):
                self.log.write(f"{time.monotonic():.4f} {self.item().number} {self.word_index}\n")
                self.log.flush()
            return
        QTest.keyClick(window, Qt.Key.Key_Space)
        self.char_index = 0
        self.word_index += 1
        if self.word_index % WORDS_PER_ITEM == 0:
            self.go_to_item()


def type_until_killed(folder: Path, conference_id: int, log_path: Path) -> None:
    """Open chair mode and type until killed."""
    app = QApplication([])
    store = CaseStore.open_with_passphrase(folder, os.environ["SOLODESK_PASSPHRASE"])
    desk = ChairDesk(store, conference_id)
    desk.resize(1366, 768)
    desk.show()
    desk.activateWindow()
    QTest.qWaitForWindowActive(desk)
    typist = Typist(desk, log_path)
    QTimer.singleShot(0, typist.start)
    app.exec()


def main() -> None:
    """Fork one typist per request read from stdin."""
    for line in sys.stdin:
        folder, conference_id, log_path = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            try:
                type_until_killed(Path(folder), int(conference_id), Path(log_path))
            finally:
                os._exit(4)
        print(f"pid {pid}", flush=True)
        os.waitpid(pid, 0)
        print("reaped", flush=True)


if __name__ == "__main__":
    main()
