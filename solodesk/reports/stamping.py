"""Personalise a shared PDF by appending an incremental update (PDF 1.7, section 7.5.6).

The shared pages are never parsed or re-rendered per copy: each page object is
redefined once per variant so that its content becomes ``[highlight, original,
stamp]``, and per recipient only the two tiny streams change. The highlight
stream fills a rectangle *before* the page's own content (so it sits behind the
name); the stamp stream draws "Copy for NAME" with a font subset the shared PDF
already embeds.
"""

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def _serialise(value: PdfObject) -> bytes:
    buffer = io.BytesIO()
    value.write_to_stream(buffer)
    return buffer.getvalue()


def _stream(number: int, data: bytes) -> bytes:
    return b"%d 0 obj\n<< /Length %d >>\nstream\n" % (number, len(data)) + data + b"\nendstream\nendobj\n"


@dataclass(frozen=True)
class StampTemplate:
    """What every personalised copy of one shared PDF appends.

    Attributes:
        base: the shared PDF.
        pages: page object numbers with their rewritten dictionaries (constant per variant).
        highlight_objects: page index (1-based) -> object number of that page's highlight stream.
        stamp_object: object number of the stamp stream shared by every page.
        save_object: object number of a stream saving the graphics state before the page's own content,
            restored before the stamp, so nothing the page leaves set can move or recolour the stamp.
        trailer: the new trailer's dictionary entries except /Prev (serialised).
        prev: the offset of the shared PDF's cross-reference section.
    """

    base: bytes
    pages: list[tuple[int, bytes]]
    highlight_objects: dict[int, int]
    stamp_object: int
    save_object: int
    trailer: bytes
    prev: int


def make_template(base: bytes, highlight_pages: set[int]) -> StampTemplate:
    """Prepare the per-variant part of the update: new page dictionaries pointing at the per-copy streams.

    Args:
        base: the shared PDF (reportlab output, classic cross-reference table).
        highlight_pages: 1-based pages on which a recipient's name may be highlighted.
    """
    reader = PdfReader(io.BytesIO(base))
    match = _STARTXREF.search(base[-64:])
    if match is None:
        raise ValueError("The shared PDF has no final cross-reference offset.")
    size = int(str(reader.trailer["/Size"]))
    stamp_object = size
    highlight_objects = {page: size + 1 + n for n, page in enumerate(sorted(highlight_pages))}
    save_object = size + 1 + len(highlight_objects)
    pages: list[tuple[int, bytes]] = []
    for index, page in enumerate(reader.pages, start=1):
        reference = page.indirect_reference
        if reference is None:
            raise ValueError("A page of the shared PDF is not an indirect object.")
        original = page.get_object()
        assert isinstance(original, DictionaryObject)
        rewritten = DictionaryObject(original)
        contents = original.raw_get("/Contents")
        parts: list[PdfObject] = list(contents) if isinstance(contents, ArrayObject) else [contents]
        parts.insert(0, IndirectObject(save_object, 0, reader))
        if index in highlight_objects:
            parts.insert(0, IndirectObject(highlight_objects[index], 0, reader))
        parts.append(IndirectObject(stamp_object, 0, reader))
        rewritten[NameObject("/Contents")] = ArrayObject(parts)
        body = b"%d 0 obj\n" % reference.idnum + _serialise(rewritten) + b"\nendobj\n"
        pages.append((reference.idnum, body))
    trailer = DictionaryObject()
    for key in ("/Root", "/Info", "/ID"):
        if key in reader.trailer:
            trailer[NameObject(key)] = reader.trailer.raw_get(key)
    entries = _serialise(trailer)[2:-2]  # the entries without the enclosing << >>
    new_size = save_object + 1
    return StampTemplate(
        base=base,
        pages=pages,
        highlight_objects=highlight_objects,
        stamp_object=stamp_object,
        save_object=save_object,
        trailer=b"/Size %d " % new_size + entries,
        prev=int(match.group(1)),
    )


def stamp(template: StampTemplate, stamp_ops: bytes, highlight_page: int, highlight_ops: bytes) -> bytes:
    """Return the shared PDF with one recipient's stamp on every page and highlight on one page."""
    out = bytearray(template.base)
    if not out.endswith(b"\n"):
        out += b"\n"
    offsets: dict[int, int] = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(body)

    for page, number in template.highlight_objects.items():
        add(number, _stream(number, highlight_ops if page == highlight_page else b""))
    add(template.save_object, _stream(template.save_object, b"q"))
    add(template.stamp_object, _stream(template.stamp_object, b"Q " + stamp_ops))
    for number, body in template.pages:
        add(number, body)
    xref_at = len(out)
    lines = [b"xref\n0 1\n0000000000 65535 f \n"]  # the free-list head, as readers expect first
    for number in sorted(offsets):
        lines.append(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]))
    out.extend(b"".join(lines))
    out.extend(b"trailer\n<< " + template.trailer + b" /Prev %d >>\n" % template.prev)
    out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)
