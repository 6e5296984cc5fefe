"""Checks that an attached file's bytes really are a readable file of its kind, and a safe file name.

Files come from other computers (packs) and may be hostile: a small PDF can hold
streams that unpack to gigabytes. Each file is decoded one stream at a time, each
decoded stream is dropped before the next is read, and the work stops, refused,
once the file has unpacked to :data:`MAX_DECODED_BYTES` or taken
:data:`MAX_CHECK_SECONDS`.
"""

import io
import time
import unicodedata
import warnings
import zipfile
from typing import Any

from PIL import Image
from pypdf import PdfReader
from pypdf.errors import LimitReachedError
from pypdf.generic import ArrayObject, StreamObject

# Larger images are refused rather than decoded (about 12,000 x 8,000 pixels).
MAX_IMAGE_PIXELS = 100_000_000
# A Word file whose parts unpack to more than this is refused rather than read.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# A PDF whose page contents unpack to more than this, or whose check takes longer, is refused.
MAX_DECODED_BYTES = 200 * 1024 * 1024
MAX_CHECK_SECONDS = 10.0


class UnreadableFileError(ValueError):
    """The file's bytes start like its kind but cannot be read as one."""


class FileTooCostlyError(UnreadableFileError):
    """The file unpacks to more than the bound, or checking it takes too long (a decompression bomb)."""


def check_decodable(filename: str, media_type: str, data: bytes) -> None:
    """Decode a PDF, image or Word file completely enough to know it can be shown.

    Raises:
        FileTooCostlyError: the file unpacks to more than 200 MB or takes more than 10 s to check.
        UnreadableFileError: the file is damaged, or an image too large to show.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if media_type == "application/pdf":
                _check_pdf(data)
            elif media_type.startswith("image/"):
                with Image.open(io.BytesIO(data)) as image:
                    if image.width * image.height > MAX_IMAGE_PIXELS:
                        raise ValueError("too many pixels")
                    image.load()
            else:
                archive = zipfile.ZipFile(io.BytesIO(data))
                if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES:
                    raise _BudgetSpentError
                if archive.testzip():
                    raise ValueError("damaged zip member")
    except (_BudgetSpentError, LimitReachedError) as exc:
        raise FileTooCostlyError(
            f"“{filename}” unpacks to more than {MAX_DECODED_BYTES // 1_048_576} MB or takes more than "
            f"{MAX_CHECK_SECONDS:.0f} seconds to read, so it cannot be attached."
        ) from exc
    except Exception as exc:  # any decoder failure means the file cannot be shown
        raise UnreadableFileError(f"“{filename}” is damaged and cannot be read, so it cannot be attached.") from exc


class _BudgetSpentError(Exception):
    """Internal: the decoding budget ran out."""


def _check_pdf(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    if not reader.pages:
        raise ValueError("no pages")
    deadline = time.monotonic() + MAX_CHECK_SECONDS
    decoded = 0
    for page in reader.pages:
        _ = page.mediabox.width
        for stream in _content_streams(page.get("/Contents")):
            decoded += len(stream.get_data())
            # Drop the decoded copy pypdf caches on the stream: only one stream is held at a time.
            if hasattr(stream, "decoded_self"):
                stream.decoded_self = None
            if decoded > MAX_DECODED_BYTES or time.monotonic() > deadline:
                raise _BudgetSpentError
        if time.monotonic() > deadline:
            raise _BudgetSpentError


def _content_streams(contents: Any) -> list[StreamObject]:
    """Return a page's content streams (one stream, or an array of them), resolved."""
    if contents is None:
        return []
    resolved = contents.get_object()
    parts = list(resolved) if isinstance(resolved, ArrayObject) else [resolved]
    streams = [part.get_object() for part in parts]
    if not all(isinstance(stream, StreamObject) for stream in streams):
        raise ValueError("page contents are not streams")
    return streams


def plain_file_name(name: str) -> str:
    """Return a file name reduced to its base name, without folders or control characters.

    Returns "" when nothing usable is left.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return "" if base in ("", ".", "..") else base[:200]
