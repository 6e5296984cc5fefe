"""The management-information report: one PDF of tables, each with a bar chart where it helps.

Takes plain data (:class:`MiReport`) and returns PDF bytes. Charts are reportlab's own
graphics, drawn in the embedded font, so the report needs nothing beyond what the
minutes already use. The report holds counts only.
"""

import io
import math
from dataclasses import dataclass, field

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, SimpleDocTemplate, Spacer

from solodesk.reports.fonts import BOLD, REGULAR, UnprintableTextError, missing_glyphs
from solodesk.reports.styles import (
    BOTTOM_MARGIN,
    FRAME_WIDTH,
    INK,
    MARGIN,
    MUTED,
    SHADE,
    TOP_MARGIN,
    Styles,
    grid,
    make_styles,
    numbered_canvas,
    page_furniture,
    para,
)

Cell = str | int | float | None
SERIES_COLOURS = [colors.HexColor(c) for c in ("#2f5d8a", "#d08c2b", "#5b8c4a", "#8a8f96", "#9b4d6e")]
_CHART_LABEL_CHARS = 40
_NO_FIGURE = "—"
_ONE_LINE_HEADING = 48  # points


@dataclass(frozen=True)
class Chart:
    """A bar chart of one table: one bar per category in each series.

    Attributes:
        categories: the labels along the axis.
        series: (name, one value per category) for each set of bars.
        horizontal: bars run left to right (for long labels such as agency names).
        percent: the values are percentages (the axis runs to 100).
    """

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    horizontal: bool = False
    percent: bool = False


@dataclass(frozen=True)
class MiTable:
    """One table of the report (and one CSV file).

    Attributes:
        name: the CSV file's name part ("cases-by-category-and-level").
        note: how the figures are counted, printed under the heading.
        total_row: the last row is a total (printed in bold).
    """

    name: str
    title: str
    note: str
    columns: list[str]
    rows: list[list[Cell]]
    total_row: bool = False
    chart: Chart | None = None


@dataclass(frozen=True)
class MiReport:
    """Everything the report prints."""

    organisation: str
    marking: str
    period: str
    produced: str
    tables: list[MiTable] = field(default_factory=list)


def cell_text(value: Cell) -> str:
    """Return a cell as printed: counts as digits, a missing figure as a dash, decimals to one place."""
    if value is None:
        return _NO_FIGURE
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _check(report: MiReport) -> None:
    texts = {"Organisation": report.organisation, "Protective marking": report.marking}
    for table in report.tables:
        for number, row in enumerate(table.rows, start=1):
            texts[f"{table.title}, row {number}"] = " ".join(cell_text(v) for v in row)
    missing = missing_glyphs(texts)
    if missing:
        raise UnprintableTextError(missing)


def _column_widths(table: MiTable) -> list[float]:
    """Return widths that keep every word whole; the first column takes what is left over."""
    padding = 10  # the grid's cell padding, and a little air
    natural = []
    for number, heading in enumerate(table.columns):
        words = [word for row in table.rows for word in cell_text(row[number]).split()]
        # A short heading ("Level 1") stays on one line; a long one may wrap between its words.
        whole = stringWidth(heading, BOLD, 8.5)
        words += [heading] if whole <= _ONE_LINE_HEADING else heading.split()
        natural.append(max(stringWidth(word, BOLD, 8.5) for word in words) + padding)
    if len(table.columns) <= 3:
        return [0.55 * FRAME_WIDTH] + [0.45 * FRAME_WIDTH / (len(table.columns) - 1)] * (len(table.columns) - 1)
    first = max(FRAME_WIDTH - sum(natural[1:]), natural[0])
    spare = max(FRAME_WIDTH - first - sum(natural[1:]), 0)
    return [first] + [w + spare / (len(natural) - 1) for w in natural[1:]]


def _table(table: MiTable, styles: Styles) -> Flowable:
    header = [para(c, styles.cell_bold) for c in table.columns]
    body = []
    for number, row in enumerate(table.rows):
        style = styles.cell_bold if table.total_row and number == len(table.rows) - 1 else styles.cell
        body.append([para(cell_text(v), style) for v in row])
    extra: list[tuple[object, ...]] = []
    if table.total_row:
        extra.append(("BACKGROUND", (0, len(table.rows)), (-1, len(table.rows)), SHADE))
    return grid([header, *body], _column_widths(table), extra=extra)


def _short(label: str) -> str:
    label = label.replace("\n", " ")
    return label if len(label) <= _CHART_LABEL_CHARS else label[: _CHART_LABEL_CHARS - 1].rstrip() + "…"


def _legend(chart: Chart, x: float, y: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = REGULAR, 7.5
    legend.alignment = "right"
    legend.columnMaximum = len(chart.series)
    legend.deltax = 0
    legend.dxTextSpace = 4
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [
        (SERIES_COLOURS[i % len(SERIES_COLOURS)], name) for i, (name, _) in enumerate(chart.series)
    ]
    legend.subCols[0].minWidth = 0
    return legend


def _count_step(largest: float) -> int:
    """Return a whole, round tick step giving about five ticks (counts have no fractions)."""
    raw = largest / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return max(1, int(step))


def _count_label(value: float) -> str:
    return "" if value == 0 else f"{value:.0f}"


def _percent_label(value: float) -> str:
    return f"{value:.0f}%"


def _chart_drawing(chart: Chart) -> Drawing | None:
    """Return the chart as a drawing, or None when every value is zero (nothing to draw)."""
    values = [v for _, series in chart.series for v in series]
    if not values or (max(values) <= 0 and not chart.percent):
        return None
    width = FRAME_WIDTH
    many = len(chart.series) > 1
    legend_width = max(stringWidth(name, REGULAR, 7.5) for name, _ in chart.series) + 24 if many else 0
    if chart.horizontal:
        labels = [_short(c) for c in chart.categories]
        label_width = min(max(stringWidth(t, REGULAR, 7.5) for t in labels) + 8, 0.42 * width)
        bar_band = 7 * len(chart.series) + 8
        plot_height = max(40, bar_band * len(labels))
        height = plot_height + 44
        bars: HorizontalBarChart | VerticalBarChart = HorizontalBarChart()
        bars.x, bars.y = label_width, 22
        bars.width, bars.height = width - label_width - legend_width - 30, plot_height
        bars.categoryAxis.labels.boxAnchor = "e"
        bars.categoryAxis.labels.dx = -4
        bars.barLabels.boxAnchor = "w"
        bars.barLabels.dx = 3
    else:
        labels = [_short(c) for c in chart.categories]
        height = 170
        bars = VerticalBarChart()
        bars.x, bars.y = 36, 30
        bars.width, bars.height = width - 36 - legend_width - 12, height - 56
        bars.categoryAxis.labels.boxAnchor = "n"
        bars.categoryAxis.labels.dy = -3
        bars.barLabels.boxAnchor = "s"
        bars.barLabels.dy = 2
    drawing = Drawing(width, height)
    order = list(range(len(chart.series)))
    if chart.horizontal:
        # reportlab draws the first category and series at the bottom; the table reads top down.
        order.reverse()
        labels.reverse()
    bars.data = [list(reversed(chart.series[i][1])) if chart.horizontal else chart.series[i][1] for i in order]
    bars.categoryAxis.categoryNames = labels
    bars.categoryAxis.labels.fontName = REGULAR
    bars.categoryAxis.labels.fontSize = 7.5
    bars.valueAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    if chart.percent:
        bars.valueAxis.valueMax = 100
        bars.valueAxis.valueStep = 20
    else:
        step = _count_step(max(values))
        bars.valueAxis.valueStep = step
        bars.valueAxis.valueMax = math.ceil(max(values) * 1.12 / step) * step  # room for the bar labels
        bars.valueAxis.labelTextFormat = "%d"
    bars.valueAxis.strokeColor = MUTED
    bars.categoryAxis.strokeColor = MUTED
    bars.barLabelFormat = _percent_label if chart.percent else _count_label
    bars.barLabels.fontName = REGULAR
    bars.barLabels.fontSize = 6.5
    bars.barLabels.fillColor = INK
    bars.groupSpacing = 6
    bars.barSpacing = 1
    for position, i in enumerate(order):
        bars.bars[position].fillColor = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        bars.bars[position].strokeColor = None
    drawing.add(bars)
    drawing.add(String(0, height - 10, chart.title, fontName=BOLD, fontSize=8.5, fillColor=INK))
    if legend_width:
        drawing.add(_legend(chart, width - legend_width, height - 20))
    return drawing


def _section(table: MiTable, styles: Styles) -> list[Flowable]:
    heading = [para(table.title, styles.h1), para(table.note, styles.small), Spacer(1, 3)]
    parts: list[Flowable] = [CondPageBreak(120), KeepTogether([*heading, _table(table, styles)])]
    if table.chart is not None:
        drawing = _chart_drawing(table.chart)
        parts.append(Spacer(1, 8))
        parts.append(drawing if drawing is not None else para("No figures to chart for this period.", styles.small))
    return parts


def render_mi_report(report: MiReport) -> bytes:
    """Return the management-information report as PDF bytes.

    Raises:
        UnprintableTextError: an agency's name has a character the embedded font cannot draw.
    """
    _check(report)
    styles = make_styles()
    story: list[Flowable] = [
        para(report.organisation, styles.subtitle),
        para("Management information", styles.title),
        para(report.period, styles.subtitle),
        para(
            f"{report.produced} Counts only: no subject or person is named in this report. Figures come from "
            "the records in SOLO Desk and are only as complete as those records.",
            styles.small,
        ),
    ]
    for table in report.tables:
        story += _section(table, styles)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title="Management information",
        creator="SOLO Desk",
    )
    left = f"{report.organisation} — management information, {report.period}"
    doc.build(story, canvasmaker=numbered_canvas(page_furniture(report.marking, left, "SOLO Desk")))
    return buffer.getvalue()
