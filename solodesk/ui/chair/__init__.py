"""Convening and chair mode: the chair's live meeting."""

from solodesk.ui.chair.convene_dialog import ConveneDialog
from solodesk.ui.chair.desk import ChairDesk
from solodesk.ui.chair.preview import MinutePreviewPane

__all__ = ["ChairDesk", "ConveneDialog", "MinutePreviewPane"]
