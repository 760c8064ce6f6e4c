"""Evidence files: the kinds accepted and their size limit. What a file is comes from its
content (``uploads.sniff``), never from its name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

import uploads

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str


def _type(key: str) -> FileType:
    kind = uploads.KINDS[key]
    return FileType(kind.key, kind.content_type, kind.label)


PDF, PNG, JPEG, DOCX, ODT, XLSX = (_type(k) for k in ("pdf", "png", "jpg", "docx", "odt", "xlsx"))
ACCEPTED = [PDF, PNG, JPEG, DOCX, ODT, XLSX]
_BY_KEY = {file_type.extension: file_type for file_type in ACCEPTED}


def sniff(stream: IO[bytes]) -> FileType | None:
    """The accepted type ``stream`` holds, or None. Leaves the stream at its start."""
    return _BY_KEY.get(uploads.sniff(stream) or "")
