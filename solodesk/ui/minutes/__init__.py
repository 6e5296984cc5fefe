"""The minute's views: print preview, circulation, distribution log and amendments."""

from solodesk.ui.minutes.amendments import AmendmentDialog
from solodesk.ui.minutes.circulate import CirculateDialog
from solodesk.ui.minutes.distribution_log import DistributionLogView
from solodesk.ui.minutes.preview import MinutePreview

__all__ = ["AmendmentDialog", "CirculateDialog", "DistributionLogView", "MinutePreview"]
