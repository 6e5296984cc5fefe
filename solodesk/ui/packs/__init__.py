"""Conference packs in the GUI: a worker's preparation, exporting and importing packs."""

from solodesk.ui.packs.export_dialog import ExportPackDialog
from solodesk.ui.packs.import_dialog import ImportPackDialog
from solodesk.ui.packs.preparation_panel import CasePreparationPanel

__all__ = ["CasePreparationPanel", "ExportPackDialog", "ImportPackDialog"]
