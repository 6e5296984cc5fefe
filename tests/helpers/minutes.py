"""Helpers for minute tests: the demo case in a store, and reading PDFs back."""

import io
import unicodedata

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import ByteStringObject, IndirectObject, StreamObject, TextStringObject
from sqlalchemy import select

from solodesk.models import Conference, ConferenceStatus
from solodesk.services.demo import load_demo
from solodesk.store import CaseStore

DEMO_NAMES = ["DS Zoë Ó Briain", "Łukasz Wiśniewski", "Nguyễn Thị Mai", "Siobhán O'Connor"]
RESTRICTED_TEXTS = [
    "current address held by the OMU",  # restricted agenda notes (victim issues)
    "Granton area, north of the city",  # restricted victim
    "shared only with cleared members",  # restricted decision
]


def demo_conference(store: CaseStore) -> int:
    """Load the demo case and return the id of its held initial conference."""
    with store.session() as session:
        load_demo(session)
    with store.session() as session:
        return session.scalars(
            select(Conference.id).where(Conference.status == ConferenceStatus.HELD).order_by(Conference.id)
        ).one()


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def page_texts(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [nfc(page.extract_text() or "") for page in document.pages]


def highlighted_names(pdf: bytes, names: list[str], pages: list[int] | None = None) -> dict[str, int]:
    """Count, per name, the filled rectangles that enclose an occurrence of the name's characters.

    Only the given 1-based pages are searched (every page by default).
    """
    counts = dict.fromkeys(names, 0)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages if pages is None else [document.pages[n - 1] for n in pages]:
            fills = [r for r in page.rects if r.get("fill") and r.get("non_stroking_color") is not None]
            for name in names:
                for hit in page.search(name, regex=False):
                    for rect in fills:
                        if (
                            rect["x0"] <= hit["x0"]
                            and rect["x1"] >= hit["x1"]
                            and rect["top"] <= hit["top"]
                            and rect["bottom"] >= hit["bottom"]
                        ):
                            counts[name] += 1
    return counts


def raw_pdf_strings(pdf: bytes) -> str:
    """Return every decompressed stream and every string object of a PDF as text.

    Extracted page text (``page_texts``) misses what a PDF holds outside its pages' text:
    document info, outlines, annotations, form fields, embedded files, unused objects.
    Searching this as well proves withheld text is in the file in no readable form.
    """
    reader = PdfReader(io.BytesIO(pdf))
    parts: list[str] = []
    seen: set[tuple[int, int]] = set()
    pending: list[object] = [reader.trailer]
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, StreamObject):
            data = item.get_data()
            parts.append(data.decode("latin-1"))
            parts.append(data.decode("utf-16-be", errors="ignore"))
        if isinstance(item, (TextStringObject, ByteStringObject)):
            parts.append(str(item) if isinstance(item, TextStringObject) else bytes(item).decode("latin-1"))
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return nfc("\n".join(parts))
