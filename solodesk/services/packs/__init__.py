"""Conference packs: encrypted files that carry a worker's preparation to the chair's laptop."""

from solodesk.services.packs.exporter import PACK_SUFFIX, ExportSummary, build_contents, export_pack
from solodesk.services.packs.format import PackError
from solodesk.services.packs.importer import (
    CONFLICT,
    NEW,
    SAME,
    Choice,
    Conflict,
    ImportPreview,
    ImportResult,
    PreviewItem,
    apply_import,
    preview_import,
    read_pack,
)
from solodesk.services.packs.payload import PackContents, PackItem

__all__ = [
    "CONFLICT",
    "NEW",
    "PACK_SUFFIX",
    "SAME",
    "Choice",
    "Conflict",
    "ExportSummary",
    "ImportPreview",
    "ImportResult",
    "PackContents",
    "PackError",
    "PackItem",
    "PreviewItem",
    "apply_import",
    "build_contents",
    "export_pack",
    "preview_import",
    "read_pack",
]
