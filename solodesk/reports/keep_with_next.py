"""Headings kept with what follows them, without dragging a long table or text to the next page.

reportlab's own ``keepWithNext`` binds a heading to the *whole* next flowable,
so a heading before a thirty-page table moves it all to a new page (and lays it
out twice); a fixed ``CondPageBreak`` leaves a gap or still strands a heading
before a block kept together. Here every run of headings (paragraphs whose
style says ``keepWithNext``) gets a guard before it that breaks the page unless
the headings *and the start* of what follows fit: its first three lines, a
table's header and first row, or a whole block kept together.
"""

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

LEAD_LINES = 3  # lines of a following paragraph that must fit under its heading
MAX_FRAME_SHARE = 0.45  # a guard never asks for more of a frame than this (a heading at the top stays)
_TALL = 1e6


class HeadingGuard(CondPageBreak):  # type: ignore[misc]
    """Breaks the page unless the headings after it and the start of what follows fit."""

    def __init__(self, heads: Sequence[Flowable], follower: Flowable | None) -> None:
        super().__init__(0)
        self.heads = list(heads)
        self.follower = follower

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Measure what must fit, then let CondPageBreak decide."""
        frame = self._doctemplateAttr("frame")
        if frame is None or frame._atTop:
            self.height = 0.0  # at the top of a page there is nowhere better to go
        else:
            heads = sum(_height(head, avail_width) for head in self.heads)
            lead, whole_block = _lead(self.follower, avail_width, frame._height)
            if whole_block and heads + lead > frame._height:
                # Too tall to keep together under its heading even on a fresh page: it flows instead.
                first = self.follower._content[0] if isinstance(self.follower, KeepTogether) else None
                if isinstance(self.follower, BlockOrFlow):
                    self.follower.flows = True
                if isinstance(self.follower, Table):
                    self.follower.cut_first_row = True  # see RuledTable
                lead = (_height(first, avail_width) if first is not None else 0.0) + LEAD_LINES * 12.5
                whole_block = False
            need = heads + lead
            # A block kept together moves whole, so its heading must go with all of it.
            self.height = min(need, frame._height * (1.0 if whole_block else MAX_FRAME_SHARE))
        result: tuple[float, float] = super().wrap(avail_width, avail_height)
        return result

    def __repr__(self) -> str:
        return f"HeadingGuard({len(self.heads)} heading(s))"


class BlockOrFlow(KeepTogether):  # type: ignore[misc]
    """Kept together on one page when it fits on a page; flowed (not moved to a new page first) when it cannot.

    Attributes:
        flows: set by a heading's guard when the block and its heading cannot share any page.
    """

    flows = False

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split as KeepTogether does, unless the block is taller than a whole frame."""
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        frame = getattr(self, "_frame", None)
        if self.flows or (frame is not None and frame._height < self._H):
            # Flow it, but start on a new page unless its first item and a few lines more fit here.
            if avail_height < self._H0 + LEAD_LINES * 12.5 and not (frame is not None and frame._atTop):
                return [self.FrameBreak(), *self._content]
            return list(self._content)
        parts: list[Flowable] = super().split(avail_width, avail_height)
        return parts


def keep_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """Return the story with a guard before every run of headings (their own keepWithNext switched off).

    Blocks kept together are kept together only when they fit on a page (:class:`BlockOrFlow`).
    """
    story = [BlockOrFlow(f._content) if type(f) is KeepTogether else f for f in story]
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        if not _is_heading(story[index]):
            out.append(story[index])
            index += 1
            continue
        end = index
        while end < len(story) and (_is_heading(story[end]) or isinstance(story[end], Spacer)):
            end += 1
        run = list(story[index:end])
        for head in run:
            head.__dict__["keepWithNext"] = 0  # the guard does it; reportlab must not bind the whole next flowable
        out.append(HeadingGuard(run, story[end] if end < len(story) else None))
        out.extend(run)
        index = end
    return out


def _is_heading(flowable: Flowable) -> bool:
    return bool(isinstance(flowable, Paragraph) and flowable.getKeepWithNext())


def _height(flowable: Flowable, width: float) -> float:
    """Return the flowable's full height with the space around it."""
    if isinstance(flowable, CondPageBreak):
        return 0.0
    _, height = flowable.wrap(width, _TALL)
    return float(height + flowable.getSpaceBefore() + flowable.getSpaceAfter())


def _lead(follower: Flowable | None, width: float, page: float) -> tuple[float, bool]:
    """Return the height of what must stay with a heading (the start of the follower), and whether it is a block."""
    if follower is None or isinstance(follower, CondPageBreak):
        return 0.0, False
    if isinstance(follower, Paragraph):
        _, height = follower.wrap(width, _TALL)
        return float(min(height, LEAD_LINES * follower.style.leading) + follower.getSpaceBefore()), False
    if isinstance(follower, Table):
        return _table_lead(follower, page)
    if isinstance(follower, KeepTogether):
        return sum(_height(item, width) for item in follower._content), True
    _, height = follower.wrap(width, _TALL)
    return float(min(height, LEAD_LINES * 12.5) + follower.getSpaceBefore()), False


def _table_lead(table: Table, page: float) -> tuple[float, bool]:
    """Return the height of a table's repeated header rows and its first row, measured cell by cell.

    A first row that fits on a page moves whole (see RuledTable), so all of it must fit under the
    heading (a block); one taller than a page is cut where it falls, so a few lines of it are enough.
    """
    rows = min(len(table._cellvalues), table.repeatRows + 1)
    total = 0.0
    for row in range(rows):
        tallest = 0.0
        for column, value in enumerate(table._cellvalues[row]):
            style = table._cellStyles[row][column]
            room = table._colWidths[column] - style.leftPadding - style.rightPadding
            tallest = max(tallest, _cell_height(value, room) + style.topPadding + style.bottomPadding)
        if tallest > page:
            return total + LEAD_LINES * 12.5, False
        total += tallest
    return total, True


def _cell_height(value: Any, width: float) -> float:
    if isinstance(value, list | tuple):
        return sum(_height(item, width) for item in value)
    if isinstance(value, Flowable):
        return float(value.wrap(width, _TALL)[1])
    return 12.0 * (str(value).count("\n") + 1) if value else 0.0
