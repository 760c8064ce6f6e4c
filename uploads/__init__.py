"""What an uploaded file is, judged by its content (magic bytes), never by its name.

One check for every app that takes files (``validate``); each app decides which kinds it
accepts and how large they may be.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import get_valid_filename
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    key: str  # also the file extension the portal stores it under
    content_type: str
    label: str


KINDS = {
    kind.key: kind
    for kind in (
        Kind("pdf", "application/pdf", "PDF"),
        Kind("png", "image/png", "PNG"),
        Kind("jpg", "image/jpeg", "JPEG"),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (DOCX)",
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Excel (XLSX)",
        ),
        Kind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "PowerPoint (PPTX)",
        ),
        Kind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text (ODT)"),
        Kind(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            "OpenDocument spreadsheet (ODS)",
        ),
        Kind(
            "odp",
            "application/vnd.oasis.opendocument.presentation",
            "OpenDocument presentation (ODP)",
        ),
    )
}

# Office Open XML files are zip containers whose main part names the kind.
_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# OpenDocument files are zip containers whose "mimetype" member names the kind.
_ODF_MIMETYPES = {KINDS[key].content_type.encode(): key for key in ("odt", "ods", "odp")}
_LONGEST_MIMETYPE = max(len(m) for m in _ODF_MIMETYPES)

# Zip bombs. An office file whose members would unpack past these limits is refused: its
# declared sizes are read from the central directory, never by unpacking, and zipfile never
# inflates a member past its declared size (a member that lies fails its CRC instead).
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5_000
# Real XML compresses about 5 to 20 times; a bomb's members a thousand times and more.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024
# A document may embed another (a chart's workbook inside a presentation); nothing deeper.
MAX_NESTING = 1
MAX_NESTED_BYTES = 32 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"

# What reading a damaged or crafted archive's member can raise: a corrupt compressed stream
# (zlib.error), an archive that ends inside the member (EOFError), an encrypted member
# (RuntimeError), a compression method zipfile does not know (NotImplementedError, a
# RuntimeError). An upload is hostile input: none of this may become a 500.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    KeyError,
    EOFError,
    RuntimeError,
    zlib.error,
)


def _member_head(archive: zipfile.ZipFile, name: str) -> bytes:
    """A short member's content, stripped; b"" for a longer one. Never the whole of a long
    member, which a crafted archive can make decompress to gigabytes."""
    with archive.open(name) as member:
        head = member.read(_LONGEST_MIMETYPE + 64)
        return b"" if member.read(1) else head.strip()


class _Bomb(Exception):
    pass


def _check_unpacked_size(archive: zipfile.ZipFile, *, depth: int = 0, budget: list[int]) -> None:
    """Raise _Bomb if ``archive`` (and the archives it holds) would unpack past the limits.
    ``budget`` is the bytes left to unpack, shared with the archives nested in it."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _Bomb
    for info in members:
        budget[0] -= info.file_size
        if budget[0] < 0:
            raise _Bomb
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _Bomb
    for info in members:
        if info.is_dir() or info.file_size < len(_ZIP_MAGIC):
            continue
        with archive.open(info) as member:
            if member.read(len(_ZIP_MAGIC)) != _ZIP_MAGIC:
                continue
        # An archive inside the archive: count what it unpacks to as well.
        if depth >= MAX_NESTING or info.file_size > MAX_NESTED_BYTES:
            raise _Bomb
        with archive.open(info) as member:
            inner = io.BytesIO(member.read(info.file_size))
        with zipfile.ZipFile(inner) as nested:
            _check_unpacked_size(nested, depth=depth + 1, budget=budget)


def _zip_kind(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_unpacked_size(archive, budget=[MAX_UNPACKED_BYTES])
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(_member_head(archive, "mimetype"))
            if "[Content_Types].xml" not in names:
                return None
            for kind, part in _OOXML_PARTS.items():
                if part in names:
                    return kind
    except (_Bomb, *_ZIP_ERRORS):
        return None
    return None


# A picture that also reads as a web page (a PNG/HTML or JPEG/HTML polyglot): harmless as an
# image, but a browser or a proxy that guesses the type may run it. No real picture holds
# these tags; a picture that does is refused.
_MARKUP = re.compile(rb"<\s*(?:script|html|body|svg|iframe|object|embed|!doctype)\b", re.IGNORECASE)
_CHUNK = 1024 * 1024


def _holds_markup(stream: IO[bytes]) -> bool:
    tail = b""
    while chunk := stream.read(_CHUNK):
        if _MARKUP.search(tail + chunk):
            return True
        tail = chunk[-32:]
    return False


def sniff(stream: IO[bytes]) -> str | None:
    """The key of the kind ``stream`` holds ("pdf", "docx", …), or None. Leaves the stream at
    its start."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return None if _holds_markup(stream) else "png"
        if head.startswith(b"\xff\xd8\xff"):
            return None if _holds_markup(stream) else "jpg"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(stream)
        return None
    finally:
        stream.seek(0)


# The units Django's filesizeformat uses: its own catalogue translates them.
_UNITS = ((1 << 30, "%s GB"), (1 << 20, "%s MB"), (1 << 10, "%s KB"))
_BYTES = ("%(size)d byte", "%(size)d bytes")


def size_label(size: int) -> str:
    """``size`` bytes as a limit reads, in the active language: "20 MB", "1.5 MB", "512 KB".
    Unlike filesizeformat, a whole number has no decimals and the space is an ordinary one, so
    "larger than 20 MB" reads (and can be searched for) as written."""
    for unit, template in _UNITS:
        if size >= unit:
            value = round(size / unit, 1)
            return gettext(template) % formats.number_format(value, 0 if value.is_integer() else 1)
    return ngettext(*_BYTES, size) % {"size": size}


def validate_size(upload: UploadedFile, *, max_bytes: int) -> None:
    """ValidationError for a file larger than ``max_bytes`` (the message names that limit) or
    empty. The part of ``validate`` for a file that is not one of the kinds (an import's text)."""
    if upload.size is None or upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s."),
            code="too_large",
            params={"limit": size_label(max_bytes)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")


NOT_ACCEPTED = _("This file type is not accepted. Accepted: %(kinds)s.")


def validate(
    upload: UploadedFile,
    *,
    accepted: Collection[str],
    max_bytes: int,
    not_accepted: str | Promise = NOT_ACCEPTED,
) -> Kind:
    """The kind of ``upload`` if it may be kept, or ValidationError with a message for people.

    Refused: a file larger than ``max_bytes`` (the message names that limit), an empty file,
    and a file whose content (``sniff``, never its name) is not one of the ``accepted`` kind
    keys. ``not_accepted`` words the last refusal for the form it shows in; its ``%(kinds)s``
    lists the accepted kinds.
    """
    validate_size(upload, max_bytes=max_bytes)
    key = sniff(upload)
    if key not in accepted:
        raise ValidationError(
            not_accepted,
            code="not_accepted",
            params={"kinds": ", ".join(KINDS[k].label for k in accepted)},
        )
    return KINDS[key]


# Path separators of every system, and the dots that would make a name hidden or a parent.
_SEPARATORS = ("/", "\\")


def safe_name(name: str | None, *, extension: str, default: str = "file") -> str:
    """The name to show and to offer on download for an uploaded file called ``name`` whose
    content is of kind ``extension``.

    The uploader's name is never used to store the file (stored names are generated); it is
    kept only to show. What could mislead or escape is taken out: folders (``../../``,
    ``C:\\``), control and format characters (NUL, the right-to-left override that makes
    ``invoice\u202efdp.exe`` read as "invoiceexe.pdf", zero-width characters), leading dots.
    The name always ends with the extension of what the file really is.
    """
    name = name or ""
    for separator in _SEPARATORS:
        name = name.rsplit(separator, 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf"})
    name = " ".join(name.split()).lstrip(".").strip()
    suffix = f".{extension}"
    if name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    name = name.rstrip(". ")[: 150 - len(suffix)] or default
    return f"{name}{suffix}"


def delete_after_commit(files: Iterable[Any]) -> None:
    """Delete stored files (``FieldFile``s) once the transaction that deleted their rows
    commits: a rollback keeps both the rows and the files."""
    stored = [(f.storage, f.name) for f in files if f]
    if stored:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])


def details(upload: UploadedFile, kind: Kind, *, default: str = "file") -> dict[str, Any]:
    """What is kept beside an accepted upload (``kind`` from ``validate``): the name to show,
    the content type and extension of what it really is, and its size."""
    return {
        "original_name": safe_name(upload.name, extension=kind.key, default=default),
        "content_type": kind.content_type,
        "extension": kind.key,
        "size": upload.size,
    }


def attachment(stored: Any, *, default: str = "file", private: bool = True) -> FileResponse:
    """Stream a stored upload (a row with ``file``, ``original_name``, ``extension`` and
    ``content_type``, as ``details`` fills them) from its storage as a download named as it
    was shown, always ending in the extension of what it is. ``private`` answers must not be
    kept by shared caches."""
    suffix = f".{stored.extension}"
    name = get_valid_filename(stored.original_name) or f"{default}{suffix}"
    if not name.lower().endswith(suffix):
        name = f"{name}{suffix}"
    response = FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=name, content_type=stored.content_type
    )
    if private:
        response["Cache-Control"] = "private, no-store"
    return response
