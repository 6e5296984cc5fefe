"""The conference pack PDF: what a recipient reads before the meeting.

Plain data in, PDF bytes out. A cover with the protective marking and "Copy for
NAME", the agenda, a summary of the previous minute, the outstanding actions,
the proposed actions and chronology, the submitted reports, attached images on
their own pages, and every attached PDF appended at the end with the marking
stamped on each of its pages.
"""

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from solodesk.reports.fonts import BOLD, REGULAR, UnprintableTextError, missing_glyphs, register_fonts
from solodesk.reports.table_fit import fit_columns

PDF = "application/pdf"
# Larger images are listed as not shown rather than decoded.
_MAX_IMAGE_PIXELS = 100_000_000
_MARGIN = 20 * mm


@dataclass(frozen=True)
class PackFile:
    """A file attached to a report."""

    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class PackReport:
    """A submitted agency report."""

    title: str
    agency: str
    author: str
    submitted_on: str
    body: str
    files: tuple[PackFile, ...] = ()


@dataclass(frozen=True)
class PackAction:
    """An outstanding or proposed action."""

    description: str
    owner: str
    agency: str
    due: str
    area: str
    status: str = ""


@dataclass(frozen=True)
class PreviousMinute:
    """The recorded content of the previous conference, summarised.

    Attributes:
        title: e.g. "Initial conference held on 14 September 2026".
        items: (agenda item heading, what was recorded) in agenda order.
        decisions: each decision with its reasons.
    """

    title: str
    items: tuple[tuple[str, str], ...]
    decisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConferencePackData:
    """Everything the pack prints, already filtered for the recipient's clearance."""

    marking: str
    organisation: str
    recipient: str
    subject_name: str
    subject_details: tuple[tuple[str, str], ...]
    conference_title: str
    meeting: str
    confidentiality: str
    agenda: tuple[str, ...]
    previous: PreviousMinute | None
    actions: tuple[PackAction, ...]
    proposed: tuple[PackAction, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    reports: tuple[PackReport, ...] = ()
    withheld: int = 0


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13.5, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "h1": ParagraphStyle(
            "h1", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceBefore=6, spaceAfter=8, keepWithNext=1
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, keepWithNext=1
        ),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=22, leading=27, spaceAfter=10),
        "copy": ParagraphStyle("copy", parent=base, fontName=BOLD, fontSize=14, leading=18, alignment=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5, spaceAfter=0),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=8.5, leading=10.5, spaceAfter=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _texts(data: ConferencePackData) -> dict[str, str]:
    fields = {"Recipient": data.recipient, "Subject": data.subject_name, "Meeting": data.meeting}
    fields.update({f"Subject {label}": value for label, value in data.subject_details})
    if data.previous:
        fields.update({f"Previous minute {h}": t for h, t in data.previous.items})
        fields.update({f"Decision {i + 1}": d for i, d in enumerate(data.previous.decisions)})
    for group, actions in (("Action", data.actions), ("Proposed action", data.proposed)):
        for i, a in enumerate(actions, 1):
            fields[f"{group} {i}"] = " ".join((a.description, a.owner, a.agency))
    for i, (heading, text) in enumerate(data.notes, 1):
        fields[f"Note {i}"] = f"{heading} {text}"
    for i, r in enumerate(data.reports, 1):
        fields[f"Report {i}"] = " ".join((r.title, r.agency, r.author, r.body, *(f.filename for f in r.files)))
    return fields


def render_conference_pack(data: ConferencePackData) -> bytes:
    """Return the conference pack as PDF bytes.

    Raises:
        UnprintableTextError: a text holds characters the font cannot draw.
    """
    missing = missing_glyphs(_texts(data))
    if missing:
        raise UnprintableTextError(missing)
    s = _styles()
    appended = [(f, r) for r in data.reports for f in r.files if f.media_type == PDF]
    readable = {id(f): _page_count(f.data) for f, _ in appended}
    story: list[object] = _cover(data, s)
    story += [PageBreak(), _p("Agenda", s["h1"])]
    story += [_p(f"{n}. {item}", s["body"]) for n, item in enumerate(data.agenda, 1)]
    story += _previous(data.previous, s)
    story += [_p("Outstanding actions", s["h1"]), _actions_table(data.actions, s, with_status=True)]
    if data.proposed:
        story += [_p("Proposed actions", s["h1"]), _actions_table(data.proposed, s, with_status=False)]
    if data.notes:
        story += [_p("Background and chronology", s["h1"])]
        story += [KeepTogether([_p(h, s["h2"]), _p(t, s["body"])]) for h, t in data.notes]
    story += _reports(data, readable, s)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN + 4 * mm,
        bottomMargin=_MARGIN + 4 * mm,
        title=f"Conference pack — copy for {data.recipient}",
        author=data.organisation,
    )
    decorate = _decorator(data)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return _append_pdfs(buffer.getvalue(), [f for f, _ in appended if readable[id(f)]], data)


def _cover(data: ConferencePackData, s: dict[str, ParagraphStyle]) -> list[object]:
    copy = Table([[_p(f"Copy for {data.recipient}", s["copy"])]], colWidths=[A4[0] - 2 * _MARGIN])
    copy.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FFF3B0")),
                ("BOX", (0, 0), (-1, -1), 1, colors.HexColor("#8A6D00")),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    details = Table(
        [[_p(k, s["head"]), _p(v, s["cell"])] for k, v in data.subject_details],
        colWidths=[45 * mm, A4[0] - 2 * _MARGIN - 45 * mm],
    )
    details.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey)])
    )
    return [
        _p(data.organisation, s["body"]),
        Spacer(1, 18 * mm),
        _p("Conference pack", s["title"]),
        _p(f"{data.conference_title}: {data.subject_name}", s["h1"]),
        _p(data.meeting, s["body"]),
        Spacer(1, 8 * mm),
        copy,
        Spacer(1, 8 * mm),
        details,
        Spacer(1, 8 * mm),
        _p("Confidentiality", s["h2"]),
        _p(data.confidentiality, s["body"]),
        _p("Read this pack before the meeting. Do not copy it or pass it on.", s["body"]),
    ]


def _previous(previous: PreviousMinute | None, s: dict[str, ParagraphStyle]) -> list[object]:
    out: list[object] = [_p("Summary of the previous minute", s["h1"])]
    if previous is None:
        return [*out, _p("There was no previous conference: this is the first.", s["body"])]
    out.append(_p(previous.title, s["body"]))
    for heading, text in previous.items:
        out += [KeepTogether([_p(heading, s["h2"]), _p(text, s["body"])])]
    if previous.decisions:
        out.append(_p("Decisions", s["h2"]))
        out += [_p(f"• {d}", s["body"]) for d in previous.decisions]
    return out


def _actions_table(actions: tuple[PackAction, ...], s: dict[str, ParagraphStyle], with_status: bool) -> object:
    if not actions:
        return _p("None.", s["body"])
    head = ["Action", "Owner", "Due", "Plan area"] + (["Status"] if with_status else [])
    rows = [[_p(h, s["head"]) for h in head]]
    for a in actions:
        owner = f"{a.owner}\n{a.agency}".strip()
        cells = [a.description, owner, a.due or "not set", a.area] + ([a.status] if with_status else [])
        rows.append([_p(c, s["cell"]) for c in cells])
    width = A4[0] - 2 * _MARGIN
    widths = [0.35, 0.24, 0.14, 0.17, 0.10] if with_status else [0.43, 0.26, 0.14, 0.17]
    # Widened where a name or status would otherwise break mid-word (reportlab's cell padding is 6 + 6).
    fitted_rows, fitted = fit_columns(rows, [w * width for w in widths], padding=12)
    table = Table(fitted_rows, colWidths=fitted, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E4E9F0")),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    return table


def _reports(data: ConferencePackData, readable: dict[int, int], s: dict[str, ParagraphStyle]) -> list[object]:
    out: list[object] = [PageBreak(), _p("Submitted reports", s["h1"])]
    if not data.reports:
        out.append(_p("No reports have been submitted.", s["body"]))
    appendix = 0
    images: list[tuple[PackFile, str]] = []
    for report in data.reports:
        out.append(_p(report.title or "Report", s["h2"]))
        out.append(_p(f"{report.agency} — {report.author}; submitted {report.submitted_on}", s["small"]))
        if report.body:
            out.append(_p(report.body, s["body"]))
        for f in report.files:
            if f.media_type == PDF and readable[id(f)]:
                appendix += 1
                note = f"appended at the end of this pack as appendix {appendix} ({readable[id(f)]} pages)"
            elif f.media_type == PDF:
                note = f"attachment {f.filename} could not be shown (the file is damaged); ask the author for a copy"
            elif f.media_type.startswith("image/") and _decodable_image(f.data):
                images.append((f, report.title))
                note = "shown on its own page after the reports"
            elif f.media_type.startswith("image/"):
                note = f"attachment {f.filename} could not be shown (the file is damaged); ask the author for a copy"
            else:
                note = "attached as a Word file; not reproduced in this pack"
            out.append(_p(f"Attached: {f.filename}, {note}.", s["small"]))
    if data.withheld:
        out.append(_p(f"{data.withheld} restricted item(s) are not in this copy.", s["small"]))
    for f, title in images:
        out += [PageBreak(), _p(f"{f.filename} (from {title})", s["h2"]), _image(f.data)]
    return out


def _image(data: bytes) -> object:
    reader = ImageReader(io.BytesIO(data))
    width, height = reader.getSize()
    box_w, box_h = A4[0] - 2 * _MARGIN, A4[1] - 2 * _MARGIN - 40 * mm
    scale = min(box_w / width, box_h / height, 1.0)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _decodable_image(data: bytes) -> bool:
    """Return True when an image decodes completely (a damaged one would fail the whole PDF)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with PILImage.open(io.BytesIO(data)) as image:
                if image.width * image.height > _MAX_IMAGE_PIXELS:
                    return False
                image.load()
        return True
    except Exception:  # any decoder failure: the image is listed as not shown
        return False


def _page_count(data: bytes) -> int:
    """Return the pages of a readable PDF, or 0 when it cannot be read through."""
    try:
        reader = PdfReader(io.BytesIO(data))
        for page in reader.pages:
            page.get_contents()
            _ = page.mediabox.width
        return len(reader.pages)
    except Exception:  # any parser failure: the file is listed as not shown
        return 0


def _decorator(data: ConferencePackData) -> Callable[[Canvas, object], None]:
    def decorate(canvas: Canvas, doc: object) -> None:
        _stamp(canvas, data, f"Page {canvas.getPageNumber()}")

    return decorate


def _stamp(canvas: Canvas, data: ConferencePackData, page_label: str, size: tuple[float, float] = A4) -> None:
    width, height = size
    canvas.saveState()
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(colors.HexColor("#9B1C1C"))
    canvas.drawCentredString(width / 2, height - 11 * mm, data.marking)
    canvas.drawCentredString(width / 2, 8 * mm, data.marking)
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(colors.black)
    canvas.drawString(_MARGIN, 13 * mm, f"Conference pack — copy for {data.recipient}")
    canvas.drawRightString(width - _MARGIN, 13 * mm, page_label)
    canvas.restoreState()


def _append_pdfs(main: bytes, files: list[PackFile], data: ConferencePackData) -> bytes:
    if not files:
        return main
    writer = PdfWriter(clone_from=io.BytesIO(main))
    for number, f in enumerate(files, 1):
        # Each file is stamped and written out on its own first, so a damaged one cannot fail the pack.
        stamped = _stamped(f, number, data)
        pages = PdfReader(io.BytesIO(stamped)).pages if stamped else _not_shown_page(f, number, data)
        for page in pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamped(f: PackFile, number: int, data: ConferencePackData) -> bytes | None:
    """Return an attached PDF with the marking stamped on each page, or None when it cannot be read through."""
    try:
        writer = PdfWriter(clone_from=io.BytesIO(f.data))
        for page in writer.pages:
            overlay = io.BytesIO()
            size = (float(page.mediabox.width), float(page.mediabox.height))
            canvas = Canvas(overlay, pagesize=size)
            _stamp(canvas, data, f"Appendix {number}: {f.filename}", size)
            canvas.save()
            page.merge_page(PdfReader(overlay).pages[0])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception:  # any parser failure: a page saying so instead
        return None


def _not_shown_page(f: PackFile, number: int, data: ConferencePackData) -> list[PageObject]:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    _stamp(canvas, data, f"Appendix {number}: {f.filename}")
    canvas.setFont(REGULAR, 11)
    canvas.drawString(_MARGIN, A4[1] - 40 * mm, f"Appendix {number}: attachment {f.filename} could not be shown.")
    canvas.drawString(_MARGIN, A4[1] - 47 * mm, "The file is damaged; ask the author for a copy.")
    canvas.save()
    return list(PdfReader(buffer).pages)
