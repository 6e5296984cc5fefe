"""Checks that an attached file's bytes really are a readable file of its kind, and a safe file name."""

import io
import unicodedata
import warnings
import zipfile

from PIL import Image
from pypdf import PdfReader

# Larger images are refused rather than decoded (about 12,000 x 8,000 pixels).
MAX_IMAGE_PIXELS = 100_000_000
# A Word file whose parts unpack to more than this is refused rather than read.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class UnreadableFileError(ValueError):
    """The file's bytes start like its kind but cannot be read as one."""


def check_decodable(filename: str, media_type: str, data: bytes) -> None:
    """Decode a PDF, image or Word file completely enough to know it can be shown.

    Raises:
        UnreadableFileError: the file is damaged, or an image too large to show.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if media_type == "application/pdf":
                reader = PdfReader(io.BytesIO(data))
                if not reader.pages:
                    raise ValueError("no pages")
                for page in reader.pages:
                    page.get_contents()
                    _ = page.mediabox.width
            elif media_type.startswith("image/"):
                with Image.open(io.BytesIO(data)) as image:
                    if image.width * image.height > MAX_IMAGE_PIXELS:
                        raise ValueError("too many pixels")
                    image.load()
            else:
                archive = zipfile.ZipFile(io.BytesIO(data))
                if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED_BYTES or archive.testzip():
                    raise ValueError("damaged or oversized zip member")
    except Exception as exc:  # any decoder failure means the file cannot be shown
        raise UnreadableFileError(f"“{filename}” is damaged and cannot be read, so it cannot be attached.") from exc


def plain_file_name(name: str) -> str:
    """Return a file name reduced to its base name, without folders or control characters.

    Returns "" when nothing usable is left.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip()
    return "" if base in ("", ".", "..") else base[:200]
