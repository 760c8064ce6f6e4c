"""A meeting's agenda and its documents (with their versions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum import forms, permissions, selectors, services
from forum.models import DocumentVersion
from forum.views.common import confirm_page, form_view


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    return form_view(
        request,
        forms.AgendaItemForm(request.POST or None),
        save=lambda data: services.agenda_item_add(meeting=meeting, by=request.user, **data),
        done=_("The agenda item was added."),
        back=meeting,
        then=meeting.get_absolute_url() + "#agenda-heading",
        title=_("Add an agenda item"),
        submit=_("Add to agenda"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_agenda_item_to_manage(request.user, uid)
    initial = {"title": item.title, "presenter": item.presenter, "description": item.description}
    return form_view(
        request,
        forms.AgendaItemForm(request.POST or None, initial=initial),
        save=lambda data: services.agenda_item_update(item=item, by=request.user, **data),
        done=_("The agenda item was saved."),
        back=item.meeting,
        title=_("Change agenda item"),
        submit=_("Save agenda item"),
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_agenda_item_to_manage(request.user, uid)
    services.agenda_item_move(item=item, by=request.user, up=request.POST.get("direction") == "up")
    return redirect(item.meeting.get_absolute_url() + "#agenda-heading")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_delete(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_agenda_item_to_manage(request.user, uid)
    if request.method == "POST":
        services.agenda_item_delete(item=item, by=request.user)
        messages.success(request, _("The agenda item was removed."))
        return redirect(item.meeting)
    return confirm_page(
        request,
        title=_("Remove “%(item)s” from the agenda?") % {"item": item.title},
        question=_("Its documents stay with the meeting."),
        confirm=_("Remove agenda item"),
        back=item.meeting,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    return form_view(
        request,
        forms.DocumentForm(request.POST or None, request.FILES or None, meeting=meeting),
        save=lambda data: services.document_upload(
            meeting=meeting,
            by=request.user,
            title=data["title"],
            upload=data["file"],
            agenda_item=data["agenda_item"],
        ),
        done=_("The document was uploaded."),
        back=meeting,
        errors_on="file",
        title=_("Upload a document"),
        submit=_("Upload document"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_version_add(request: HttpRequest, uid: str) -> HttpResponse:
    document = selectors.get_document(request.user, uid)
    permissions.require_manager(request.user, document.meeting.body)
    return form_view(
        request,
        forms.DocumentVersionForm(request.POST or None, request.FILES or None),
        save=lambda data: services.document_version_add(
            document=document, by=request.user, upload=data["file"], note=data["note"]
        ),
        done=lambda version: _("Version %(number)d was uploaded.") % {"number": version.number},
        back=document.meeting,
        errors_on="file",
        title=_("New version of %(document)s") % {"document": document.title},
        submit=_("Upload version"),
    )


@require_safe
def document_download(request: HttpRequest, uid: str, number: int) -> FileResponse:
    document = selectors.get_document(request.user, uid)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=version.filename)
