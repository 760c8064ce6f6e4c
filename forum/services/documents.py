"""The agenda of a meeting and its documents, each with its versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

import uploads
from forum.models import (
    AgendaItem,
    Document,
    DocumentVersion,
    Meeting,
)
from forum.permissions import require_manager
from pagecache import invalidates


@invalidates("forum")
def agenda_item_add(
    *, meeting: Meeting, by: Any, title: str, presenter: str = "", description: str = ""
) -> AgendaItem:
    require_manager(by, meeting.body)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
        return AgendaItem.objects.create(
            meeting=meeting,
            position=(last or 0) + 1,
            title=title,
            presenter=presenter,
            description=description,
        )


@invalidates("forum")
def agenda_item_update(*, item: AgendaItem, by: Any, **fields: Any) -> AgendaItem:
    require_manager(by, item.meeting.body)
    for name, value in fields.items():
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    return item


@transaction.atomic
@invalidates("forum")
def agenda_item_move(*, item: AgendaItem, by: Any, up: bool) -> None:
    """Swap an item with its neighbour, renumbering the agenda 1..n on the way."""
    require_manager(by, item.meeting.body)
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            AgendaItem.objects.filter(pk=other.pk).update(position=position)


@invalidates("forum")
def agenda_item_delete(*, item: AgendaItem, by: Any) -> None:
    require_manager(by, item.meeting.body)
    item.delete()


MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ACCEPTED_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp")


def _check_upload(upload: UploadedFile) -> str:
    """The kind of an acceptable document, or ValidationError with a clear message."""
    return uploads.validate(
        upload,
        accepted=ACCEPTED_KINDS,
        max_bytes=MAX_UPLOAD_BYTES,
        not_accepted=_("Upload a PDF or an office document (%(kinds)s)."),
    ).key


@transaction.atomic
@invalidates("forum")
def document_upload(
    *,
    meeting: Meeting,
    by: Any,
    title: str,
    upload: UploadedFile,
    agenda_item: AgendaItem | None = None,
) -> Document:
    require_manager(by, meeting.body)
    kind = _check_upload(upload)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("Choose an item of this meeting's agenda."))
    document = Document.objects.create(meeting=meeting, agenda_item=agenda_item, title=title)
    _version_add(document, by=by, upload=upload, kind=kind, note="")
    return document


@transaction.atomic
@invalidates("forum")
def document_version_add(
    *, document: Document, by: Any, upload: UploadedFile, note: str = ""
) -> DocumentVersion:
    require_manager(by, document.meeting.body)
    kind = _check_upload(upload)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    return _version_add(document, by=by, upload=upload, kind=kind, note=note)


def _version_add(
    document: Document, *, by: Any, upload: UploadedFile, kind: str, note: str
) -> DocumentVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        filename=uploads.safe_name(upload.name, extension=kind, default="document"),
        size=upload.size,
        note=note,
        uploaded_by=by,
    )
    # The stored name is generated: the uploader's name never reaches the file system.
    version.file.save(f"upload.{kind}", upload, save=False)
    stored, storage = version.file.name, version.file.storage
    try:
        version.save()
    except Exception:
        storage.delete(stored)
        raise
    return version
