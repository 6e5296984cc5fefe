"""Time pack export, open, preview, import and the pack PDF with the real Argon2id parameters.

Run: ``.venv/bin/python bench/packs.py``. Prints two lines, e.g.
``pack: files=3x5MiB pack_mib=15.1 export_s=0.9 open_s=0.6 preview_s=0.0 import_s=0.3 pdf_s=0.4``
(the demo case prepared with a written report and three 5 MiB PDFs attached), and
``handover: recipients=14 minute_version=2 records=R pack_kib=K export_s=.. open_s=.. preview_s=..
import_s=.. back_s=.. again_s=..``: the demo conference grown to 14 recipients, its minute issued,
amended and reissued as v2 and both circulated, handed to a fresh laptop (export, open, preview,
import), handed back after an edit (back_s: export there and import here) and imported once more
(again_s: nothing changes).
"""

import io
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.pdfgen import canvas
from sqlalchemy import select

from solodesk.models import AgendaItem, Conference, Contact, Invitation, Subject
from solodesk.reports.conference_pack import render_conference_pack
from solodesk.services import preparation
from solodesk.services.demo import DEMO_REFERENCE, load_demo
from solodesk.services.handover import apply_handover, export_handover, preview_handover, read_handover
from solodesk.services.minute_issue import circulate, decide_amendment, issue_minute, reissue, request_amendment
from solodesk.services.packs import apply_import, export_pack, preview_import, read_pack
from solodesk.services.packs.conference_pack import conference_pack_data
from solodesk.store import CaseStore

PASSPHRASE = "benchmark passphrase"
FILES = 3
FILE_MIB = 5
RECIPIENTS = 14


def _padded_pdf(mib: int) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "Benchmark attachment")
    pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    return data + b"%" + b"x" * (mib * 1_048_576 - len(data) - 2) + b"\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        worker, _ = CaseStore.create(root / "worker", PASSPHRASE)
        with worker.session() as session:
            load_demo(session)
            subject_id = session.scalar(select(Subject.id).where(Subject.visor_ref == DEMO_REFERENCE)) or 0
        report = preparation.save_report(
            worker, subject_id, title="Report", agency="Agency", author="Author", body="Text", submitted_on=date.today()
        )
        for n in range(FILES):
            preparation.attach_bytes(worker, report, f"file{n}.pdf", _padded_pdf(FILE_MIB), "application/pdf")
        pack = root / "case.solopack"
        start = time.perf_counter()
        export_pack(worker, subject_id, pack, PASSPHRASE)
        export_s = time.perf_counter() - start
        start = time.perf_counter()
        with worker.session() as session:
            render_conference_pack(conference_pack_data(session, subject_id, "Margaret Nicolson"))
        pdf_s = time.perf_counter() - start
        worker.close()
        chair, _ = CaseStore.create(root / "chair", PASSPHRASE)
        start = time.perf_counter()
        contents = read_pack(pack, PASSPHRASE)
        open_s = time.perf_counter() - start
        start = time.perf_counter()
        preview_import(chair, contents)
        preview_s = time.perf_counter() - start
        start = time.perf_counter()
        apply_import(chair, contents)
        import_s = time.perf_counter() - start
        chair.close()
        print(
            f"pack: files={FILES}x{FILE_MIB}MiB pack_mib={pack.stat().st_size / 1_048_576:.1f} "
            f"export_s={export_s:.2f} open_s={open_s:.2f} preview_s={preview_s:.2f} "
            f"import_s={import_s:.2f} pdf_s={pdf_s:.2f}"
        )
    handover()


def _fourteen_recipients_with_a_v2_minute(store: CaseStore, root: Path) -> int:
    with store.session() as session:
        load_demo(session)
        conference = session.scalars(select(Conference).where(Conference.minute_taker_id.is_not(None))).first()
        if conference is None:
            conference = session.scalars(select(Conference).order_by(Conference.id)).first()
        agency = conference.invitations[0].contact.agency
        for number in range(RECIPIENTS - len(conference.invitations)):
            contact = Contact(name=f"Officer Ní Dhomhnaill-Øberg {number + 1}", agency=agency, role="Core group")
            conference.invitations.append(Invitation(contact=contact))
        conference_id = conference.id
    issue_minute(store, conference_id)
    (root / "v1").mkdir()
    circulate(store, conference_id, root / "v1")
    request = request_amendment(store, conference_id, "DS Zoë Ó Briain", "Item 6: the curfew starts at 19:00.")
    decide_amendment(store, request, agree=True)
    reissue(store, conference_id)
    (root / "v2").mkdir()
    circulate(store, conference_id, root / "v2")
    return conference_id


def handover() -> None:
    """Time a handover of a 14-recipient conference with a v2 minute, there and back."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        chair, _ = CaseStore.create(root / "chair", PASSPHRASE)
        assistant, _ = CaseStore.create(root / "assistant", PASSPHRASE)
        conference_id = _fourteen_recipients_with_a_v2_minute(chair, root)
        pack = root / "out.solopack"
        start = time.perf_counter()
        written = export_handover(chair, conference_id, pack, PASSPHRASE)
        export_s = time.perf_counter() - start
        start = time.perf_counter()
        contents = read_handover(pack, PASSPHRASE)
        open_s = time.perf_counter() - start
        start = time.perf_counter()
        preview_handover(assistant, contents)
        preview_s = time.perf_counter() - start
        start = time.perf_counter()
        theirs = apply_handover(assistant, contents).conference_id
        import_s = time.perf_counter() - start
        with assistant.session() as session:
            assistant_conference = session.get(Conference, theirs)
            assert assistant_conference is not None
            note = assistant_conference.note_for(AgendaItem.ACTION_PLAN)
            if note is not None:
                note.notes += " Typed up."
        back = root / "back.solopack"
        start = time.perf_counter()
        export_handover(assistant, theirs, back, PASSPHRASE)
        apply_handover(chair, read_handover(back, PASSPHRASE))
        back_s = time.perf_counter() - start
        start = time.perf_counter()
        again = apply_handover(chair, read_handover(back, PASSPHRASE))
        again_s = time.perf_counter() - start
        assert (again.added, again.updated) == (0, 0)
        chair.close()
        assistant.close()
        print(
            f"handover: recipients={RECIPIENTS} minute_version=2 records={written.records} "
            f"pack_kib={pack.stat().st_size / 1024:.0f} export_s={export_s:.2f} open_s={open_s:.2f} "
            f"preview_s={preview_s:.2f} import_s={import_s:.2f} back_s={back_s:.2f} again_s={again_s:.2f}"
        )


if __name__ == "__main__":
    main()
