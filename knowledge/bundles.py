"""Where an import's attachments come from (issue 14): the members of an uploaded zip that
holds the JSON Lines file beside the files it names, or web addresses that the import fetches
only when the operator allows it (``KNOWLEDGE_IMPORT_FETCH``); otherwise they become links.

Nothing is ever unpacked to disk: a record names a member, the member is read into memory up
to the attachment limit and checked like any upload (``validate_attachment``). Names that try
to leave the archive (``../``, ``/etc/passwd``, ``C:\\``) are refused, not looked up.
"""

from __future__ import annotations

import codecs
import ipaddress
import posixpath
import socket
import unicodedata
import urllib.error
import urllib.request
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import uploads
from knowledge import files

# An import zip may be larger than a JSON Lines file: it carries the files.
MAX_ZIP_SIZE = 200 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_RATIO = 200
RATIO_FROM_BYTES = 1024 * 1024
FETCH_TIMEOUT = 15

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    OSError,
    ValueError,
    KeyError,
    EOFError,
    RuntimeError,
    zlib.error,
)

NOT_A_ZIP = gettext_lazy("This is not a zip file.")


def _refusal(message: str) -> ValidationError:
    return ValidationError(message, code="bad_zip")


def safe_member_name(name: str) -> str | None:
    """``name`` as it must appear in the archive, or None if it tries to leave it (an absolute
    path, a drive, a parent folder, a backslash, control characters)."""
    if not name or "\\" in name or any(unicodedata.category(c) in {"Cc", "Cf"} for c in name):
        return None
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return posixpath.normpath(name)


@dataclass
class ImportFiles:
    """The files an import may take: a zip's members, and fetched addresses when allowed."""

    archive: zipfile.ZipFile | None = None
    fetch: bool = field(default_factory=lambda: settings.KNOWLEDGE_IMPORT_FETCH)
    _fetched: dict[str, bytes] = field(default_factory=dict)

    def member(self, name: str) -> SimpleUploadedFile:
        """The member ``name`` as an accepted attachment, or ValidationError saying why not."""
        if self.archive is None:
            raise ValidationError(
                _("%(name)s: a file can only come inside a zip with the JSON Lines file")
                % {"name": name}
            )
        clean = safe_member_name(name)
        if clean is None:
            raise ValidationError(
                _("%(name)s is not a file name inside the zip") % {"name": name[:200]}
            )
        try:
            info = self.archive.getinfo(clean)
        except KeyError:
            raise ValidationError(
                _("there is no file %(name)s in the zip") % {"name": clean}
            ) from None
        if info.is_dir():
            raise ValidationError(_("%(name)s is a folder, not a file") % {"name": clean})
        too_large = ValidationError(
            _("%(name)s: %(message)s")
            % {
                "name": clean,
                "message": _("The file is larger than %(limit)s.")
                % {"limit": uploads.size_label(files.MAX_SIZE)},
            }
        )
        if info.file_size > files.MAX_SIZE:
            raise too_large
        try:
            with self.archive.open(info) as member:
                data = member.read(files.MAX_SIZE + 1)
        except _ZIP_ERRORS:
            raise ValidationError(
                _("%(name)s cannot be read from the zip") % {"name": clean}
            ) from None
        if len(data) > files.MAX_SIZE:
            raise too_large
        return self._accepted(posixpath.basename(clean), data, shown=clean)

    def download(self, url: str) -> SimpleUploadedFile:
        """The file at ``url`` as an accepted attachment (fetched once per import)."""
        if url not in self._fetched:
            try:
                self._fetched[url] = fetch_url(url)
            except ValidationError as error:
                raise ValidationError(
                    _("%(url)s: %(message)s") % {"url": url, "message": error.messages[0]}
                ) from None
        name = posixpath.basename(urlsplit(url).path) or "download"
        return self._accepted(name, self._fetched[url], shown=url)

    @staticmethod
    def _accepted(name: str, data: bytes, *, shown: str) -> SimpleUploadedFile:
        upload = SimpleUploadedFile(name, data)
        try:
            files.validate_attachment(upload)
        except ValidationError as error:
            raise ValidationError(
                _("%(name)s: %(message)s") % {"name": shown, "message": error.messages[0]}
            ) from None
        upload.seek(0)
        return upload


# --- Zip bundles ---------------------------------------------------------------------------------


def open_bundle(stream: IO[bytes]) -> tuple[list[str], ImportFiles]:
    """The JSON Lines of an import zip and its files; ValidationError for a zip that is not
    one (no zip, a bomb, no or several .jsonl files, a .jsonl that is not UTF-8 text)."""
    stream.seek(0)
    if stream.read(4) != b"PK\x03\x04":
        raise _refusal(str(NOT_A_ZIP))
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except _ZIP_ERRORS:
        raise _refusal(str(NOT_A_ZIP)) from None
    names = [info.filename for info in members]
    if len(members) > MAX_MEMBERS or len(set(names)) != len(names):
        raise _refusal(_("This zip file holds too many files, or the same name twice."))
    total = 0
    for info in members:
        total += info.file_size
        bomb = info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        )
        if bomb or total > MAX_UNPACKED:
            raise _refusal(_("This zip file unpacks to far more than it holds; it is refused."))
    lines_members = [
        info for info in members if info.filename.lower().endswith(".jsonl") and not info.is_dir()
    ]
    if len(lines_members) != 1:
        raise _refusal(
            _("The zip file must hold exactly one .jsonl file; it holds %(count)s.")
            % {"count": len(lines_members)}
        )
    info = lines_members[0]
    if info.file_size > files.MAX_IMPORT_SIZE:
        raise _refusal(
            _("The .jsonl file in the zip is larger than %(limit)s.")
            % {"limit": uploads.size_label(files.MAX_IMPORT_SIZE)}
        )
    try:
        with archive.open(info) as member:
            raw = member.read(files.MAX_IMPORT_SIZE + 1)
        text = codecs.decode(raw, "utf-8-sig")
    except (UnicodeDecodeError, *_ZIP_ERRORS):
        raise _refusal(_("The .jsonl file in the zip is not UTF-8 text.")) from None
    if "\x00" in text:
        raise _refusal(_("The .jsonl file in the zip is not UTF-8 text."))
    return text.splitlines(), ImportFiles(archive=archive)


def check_bundle(upload: UploadedFile) -> None:
    """ValidationError unless ``upload`` is an import zip (``open_bundle``) of at most
    ``MAX_ZIP_SIZE``."""
    uploads.validate_size(upload, max_bytes=MAX_ZIP_SIZE)
    try:
        open_bundle(upload)
    finally:
        upload.seek(0)


def is_zip(stream: IO[bytes]) -> bool:
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    return head == b"PK\x03\x04"


# --- Fetching ------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead to an address the check below refused; it is an error instead.
    def redirect_request(self, *args, **kwargs):
        return None


def _public_address(host: str, port: int) -> bool:
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            return False
    return bool(infos)


def fetch_url(url: str) -> bytes:
    """The body of ``url`` (http or https, a public address, no redirects, at most the
    attachment limit), or ValidationError. The import calls this only with
    ``KNOWLEDGE_IMPORT_FETCH`` on: fetching makes the server reach wherever a file says."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("only http and https addresses can be fetched"))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    if not _public_address(parts.hostname, port):
        raise ValidationError(_("the address is not a public one"))
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": "csr-portal-import"})  # noqa: S310
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(files.MAX_SIZE + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error.__class__.__name__
        raise ValidationError(
            _("it could not be fetched (%(reason)s)") % {"reason": reason}
        ) from None
    if len(data) > files.MAX_SIZE:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": uploads.size_label(files.MAX_SIZE)}
        )
    return data
