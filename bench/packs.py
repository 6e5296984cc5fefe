"""Time pack export, open, preview, import and the pack PDF with the real Argon2id parameters.

Run: ``.venv/bin/python bench/packs.py``. Prints one line per step, e.g.
``pack: files=3x5MiB pack_mib=15.1 export_s=0.9 open_s=0.6 preview_s=0.0 import_s=0.3 pdf_s=0.4``.
The demo case is prepared with a written report and three 5 MiB PDFs attached.
"""

import io
import tempfile
import time
from datetime import date
from pathlib import Path

from reportlab.pdfgen import canvas
from sqlalchemy import select

from solodesk.models import Subject
from solodesk.reports.conference_pack import render_conference_pack
from solodesk.services import preparation
from solodesk.services.demo import DEMO_REFERENCE, load_demo
from solodesk.services.packs import apply_import, export_pack, preview_import, read_pack
from solodesk.services.packs.conference_pack import conference_pack_data
from solodesk.store import CaseStore

PASSPHRASE = "benchmark passphrase"
FILES = 3
FILE_MIB = 5


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


if __name__ == "__main__":
    main()
