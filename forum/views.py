from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView
from django_filters.views import FilterView

from forum import calendar, forms, selectors, services
from forum.models import (
    ActionItem,
    Body,
    Constituency,
    DocumentVersion,
    Meeting,
    MeetingStatus,
    Member,
    MemberPreferences,
    MemberRole,
    Minutes,
    MinutesStatus,
    RegistrationStatus,
)
from pagecache import public_page
from safeurl import safe_next


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    submit: str,
    back: str,
    back_label: str,
    intro: str = "",
) -> HttpResponse:
    return render(
        request,
        "forum/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "back": back,
            "back_label": back_label,
            "intro": intro,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm: str,
    back: str,
    back_label: str,
    danger: bool = True,
) -> HttpResponse:
    return render(
        request,
        "includes/confirm.html",
        {
            "title": title,
            "question": question,
            "confirm_label": confirm,
            "back_url": back,
            "back_label": back_label,
            "cancel_url": back,
            "cancel_label": _("Go back"),
            "danger": danger,
        },
    )


class ViewerZoneMixin:
    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["viewer_tz"] = services.zone_of(self.request.user)
        return context


# --- Browsing -------------------------------------------------------------------------------------


class BodyListView(ViewerZoneMixin, ListView):
    """The forum's front page: its bodies, and the next meetings the visitor may see."""

    template_name = "forum/index.html"
    context_object_name = "bodies"
    paginate_by = 30

    def get_queryset(self) -> Any:
        upcoming = Q(meetings__ends_at__gte=timezone.now()) & ~Q(
            meetings__status=MeetingStatus.CANCELLED
        )
        return (
            Body.objects.select_related("theme")
            .annotate(
                member_count=Count(
                    "members",
                    filter=Q(members__in=Member.objects.active()),
                    distinct=True,
                ),
                upcoming_count=Count(
                    "meetings",
                    filter=upcoming & Q(meetings__in=Meeting.objects.visible_to(self.request.user)),
                    distinct=True,
                ),
            )
            .order_by("kind", "name")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["upcoming"] = list(selectors.meetings_list(self.request.user).upcoming()[:5])
        context["is_secretariat"] = selectors.is_secretariat(self.request.user)
        return context


index = public_page("forum", "taxonomy")(require_safe(BodyListView.as_view()))


class MeetingListView(ViewerZoneMixin, FilterView):
    template_name = "forum/meeting_list.html"
    filterset_class = forms.MeetingFilter
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self) -> Any:
        return selectors.meetings_list(self.request.user).order_by("-starts_at", "-pk")


meeting_list = public_page("forum")(require_safe(MeetingListView.as_view()))


@public_page("forum", "taxonomy")
@require_safe
def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body(slug)
    viewer = services.standing(request.user, body)
    manager, member = viewer.manager, viewer.member
    meetings = selectors.meetings_list(request.user).filter(body=body)
    context: dict[str, Any] = {
        "body": body,
        "can_manage": manager,
        "is_member": member,
        "upcoming": list(meetings.upcoming()[:10]),
        "past": list(meetings.past()[:10]),
        "viewer_tz": services.zone_of(request.user),
        "recommendation_count": body.recommendations.count(),
    }
    if member:
        context["constituencies"] = [
            {"label": Constituency(row["constituency"]).label, "n": row["n"]}
            for row in Member.objects.active()
            .filter(body=body)
            .values("constituency")
            .annotate(n=Count("pk"))
            .order_by("constituency")
        ]
        context["open_actions"] = list(
            ActionItem.objects.open()
            .filter(body=body)
            .select_related("owner", "meeting")
            .order_by("due_date", "pk")[:10]
        )
    return render(request, "forum/body_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def body_create(request: HttpRequest) -> HttpResponse:
    if not selectors.is_secretariat(request.user):
        raise PermissionDenied(_("Only the Forum secretariat can create bodies."))
    form = forms.BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        body = services.body_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("%(name)s was created.") % {"name": body.name})
        return redirect(body)
    return _form_page(
        request,
        form,
        title=_("Create a body"),
        submit=_("Create body"),
        back=reverse("forum:index"),
        back_label=_("Forum"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_edit(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request, slug)
    form = forms.BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        services.body_update(body=body, by=request.user, **form.cleaned_data)
        messages.success(request, _("The body's details were saved."))
        return redirect(body)
    return _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": body.name},
        submit=_("Save changes"),
        back=body.get_absolute_url(),
        back_label=body.name,
    )


# --- Members --------------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest, body: Body, form: forms.MemberAddForm | None = None
) -> HttpResponse:
    manager = services.can_manage(request.user, body)
    page = Paginator(selectors.body_members(body), 50).get_page(request.GET.get("page"))
    context = {
        "body": body,
        "can_manage": manager,
        "page_obj": page,
        "members": page.object_list,
        "today": timezone.localdate(),
    }
    if manager:
        context["form"] = form or forms.MemberAddForm(initial={"start_date": timezone.localdate()})
    status = 400 if form is not None and form.errors else 200
    return render(request, "forum/members.html", context, status=status)


@login_required
@require_safe
def members(request: HttpRequest, slug: str) -> HttpResponse:
    return _members_page(request, selectors.get_body_for_member(request, slug))


@login_required
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_for_member(request, slug, manage=True)
    form = forms.MemberAddForm(request.POST)
    if not form.is_valid():
        return _members_page(request, body, form)
    services.member_invite(body=body, by=request.user, **form.cleaned_data)
    # The same answer for every address: whether it has an account is not for the form to say.
    messages.success(
        request,
        _("An invitation was sent to %(email)s. They appear in the list once they accept it.")
        % {"email": form.cleaned_data["email"]},
    )
    return redirect("forum:members", slug=body.slug)


@login_required
@require_http_methods(["GET", "POST"])
def member_join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.member_invitation_read(token)
    if invitation is None:
        raise Http404
    if not services.member_invitation_is_for(invitation, request.user):
        return render(request, "forum/join.html", {"other_address": True}, status=403)
    form = forms.MemberJoinForm(
        # Bound on every POST: its one field may be left empty ("no organisation").
        request.POST if request.method == "POST" else None,
        user=request.user,
        organisation_name=invitation.organisation_name,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_join(
                invitation=invitation,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("You are now a member of %(body)s.") % {"body": invitation.body.name}
            )
            return redirect(invitation.body)
    return render(
        request,
        "forum/join.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    body = selectors.get_body_for_member(request, slug, manage=True)
    member = selectors.get_member_of(body, uid)
    form = forms.MemberEditForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.member_update(member=member, by=request.user, **form.cleaned_data)
        messages.success(request, _("%(person)s's membership was saved.") % {"person": member.user})
        return redirect("forum:members", slug=body.slug)
    return _form_page(
        request,
        form,
        title=_("Membership of %(person)s") % {"person": member.user},
        submit=_("Save membership"),
        back=reverse("forum:members", args=[body.slug]),
        back_label=_("Members of %(body)s") % {"body": body.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, slug: str, uid: str) -> HttpResponse:
    body = selectors.get_body_for_member(request, slug, manage=True)
    member = selectors.get_member_of(body, uid)
    back = reverse("forum:members", args=[body.slug])
    if request.method == "POST":
        services.member_end(member=member, by=request.user)
        messages.success(
            request, _("%(person)s's membership ends today.") % {"person": member.user}
        )
        return redirect(back)
    return _confirm_page(
        request,
        title=_("End the membership of %(person)s?") % {"person": member.user},
        question=_(
            "They stop receiving this body's minutes and digests, and can no longer register "
            "for its meetings. Their past registrations stay in the record."
        ),
        confirm=_("End membership"),
        back=back,
        back_label=_("Members of %(body)s") % {"body": body.name},
    )


# --- Meetings -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request, slug)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_schedule(body=body, by=request.user, **form.service_fields())
        messages.success(request, _("The meeting was scheduled. Add its agenda next."))
        return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Schedule a meeting of %(body)s") % {"body": body.name},
        submit=_("Schedule meeting"),
        back=body.get_absolute_url(),
        back_label=body.name,
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request, slug)
    form = forms.SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        series = services.series_create(body=body, by=request.user, **form.service_fields())
        count = series.meetings.count()
        messages.success(
            request,
            _("The series was created with %(count)d meetings scheduled ahead.") % {"count": count},
        )
        return redirect(body)
    return _form_page(
        request,
        form,
        title=_("Schedule a recurring series for %(body)s") % {"body": body.name},
        submit=_("Create series"),
        back=body.get_absolute_url(),
        back_label=body.name,
        intro=_(
            "Meetings of the series are created for the coming twelve months, at the same local "
            "time, and more are added as time passes. Each can then be changed on its own."
        ),
    )


@public_page("forum", "taxonomy", "knowledge")
@require_safe
def meeting_detail(request: HttpRequest, uid: str) -> HttpResponse:
    meeting, viewer = selectors.get_meeting_with_standing(request, uid)
    manager, member, attending = viewer.manager, viewer.member, viewer.attending
    # A reverse one-to-one read with the meeting: absent until minutes are written.
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and not minutes.is_published and not manager:
        minutes_visible = minutes.revision > 0  # the last published revision stays readable
    else:
        minutes_visible = minutes is not None
    parts = selectors.meeting_page_parts(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "can_manage": manager,
        "is_member": member,
        "can_register": attending and meeting.is_open_for_registration,
        "registration": getattr(meeting, "viewer_registration", None),
        "agenda": parts.agenda,
        "documents": parts.documents,
        "minutes": minutes if minutes_visible else None,
        "viewer_tz": services.zone_of(request.user),
        "registered_count": parts.figures.registered,
        "waiting_count": parts.figures.waiting,
    }
    if member:
        balance = parts.figures.balance
        action_items, carried_over = selectors.meeting_action_items(meeting)
        context |= {
            "balance": balance,
            "unrepresented": [row for row in balance if row["count"] == 0],
            "carried_over": carried_over,
            "action_items": action_items,
            "reviews": parts.reviews,
        }
    if manager:
        context["registrations"] = selectors.meeting_registrations(meeting)
    return render(request, "forum/meeting_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    form = forms.MeetingForm(request.POST or None, initial=forms.MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Change %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save meeting"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
        intro=_("If you change the time, reminders move with it and everyone registered is told."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    if request.method == "POST":
        try:
            services.meeting_cancel(meeting=meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The meeting was cancelled and the people registered were told.")
            )
        return redirect(meeting)
    return _confirm_page(
        request,
        title=_("Cancel %(meeting)s?") % {"meeting": meeting.title},
        question=_(
            "Everyone registered or waiting receives an email, and their reminders are "
            "withdrawn. A cancelled meeting cannot be reopened."
        ),
        confirm=_("Cancel meeting"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
    )


@login_required
@require_POST
def register(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting(request, uid)
    try:
        registration = services.registration_register(meeting=meeting, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(meeting)
    if registration.status == RegistrationStatus.WAITING:
        messages.warning(
            request,
            _("The meeting is full: you are on the waiting list and will move up automatically."),
        )
    else:
        messages.success(request, _("You are registered for this meeting."))
    return redirect(meeting)


@login_required
@require_POST
def decline(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting(request, uid)
    try:
        services.registration_decline(meeting=meeting, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(meeting)
    messages.success(request, _("You declined this meeting."))
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    body_members = list(
        Member.objects.attending()
        .filter(body_id=meeting.body_id)
        .select_related("user")
        .order_by("constituency", "user__name")
    )
    initial = list(
        meeting.registrations.filter(
            Q(attended=True) | Q(attended__isnull=True, status=RegistrationStatus.REGISTERED)
        ).values_list("user_id", flat=True)
    )
    form = forms.AttendanceForm(
        request.POST or None, members=body_members, initial={"present": initial}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                meeting=meeting, by=request.user, present=form.cleaned_data["present"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The attendance log was saved and the meeting is held."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Attendance at %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save attendance and mark held"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
    )


@require_safe
def meeting_ics(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting(request, uid)
    with translation.override(request.LANGUAGE_CODE):
        content = calendar.calendar_for([meeting], name=meeting.title)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.uid}.ics"'
    return response


# --- Agenda and documents -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    form = forms.AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, _("The agenda item was added."))
        return redirect(meeting.get_absolute_url() + "#agenda-heading")
    return _form_page(
        request,
        form,
        title=_("Add an agenda item"),
        submit=_("Add to agenda"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_agenda_item_to_manage(request, uid)
    form = forms.AgendaItemForm(
        request.POST or None,
        initial={"title": item.title, "presenter": item.presenter, "description": item.description},
    )
    if request.method == "POST" and form.is_valid():
        services.agenda_item_update(item=item, by=request.user, **form.cleaned_data)
        messages.success(request, _("The agenda item was saved."))
        return redirect(item.meeting)
    return _form_page(
        request,
        form,
        title=_("Change agenda item"),
        submit=_("Save agenda item"),
        back=item.meeting.get_absolute_url(),
        back_label=item.meeting.title,
    )


@login_required
@require_POST
def agenda_move(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_agenda_item_to_manage(request, uid)
    services.agenda_item_move(item=item, by=request.user, up=request.POST.get("direction") == "up")
    return redirect(item.meeting.get_absolute_url() + "#agenda-heading")


@login_required
@require_http_methods(["GET", "POST"])
def agenda_delete(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_agenda_item_to_manage(request, uid)
    if request.method == "POST":
        services.agenda_item_delete(item=item, by=request.user)
        messages.success(request, _("The agenda item was removed."))
        return redirect(item.meeting)
    return _confirm_page(
        request,
        title=_("Remove “%(item)s” from the agenda?") % {"item": item.title},
        question=_("Its documents stay with the meeting."),
        confirm=_("Remove agenda item"),
        back=item.meeting.get_absolute_url(),
        back_label=item.meeting.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    form = forms.DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                meeting=meeting,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                agenda_item=form.cleaned_data["agenda_item"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Upload a document"),
        submit=_("Upload document"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_version_add(request: HttpRequest, uid: str) -> HttpResponse:
    document = selectors.get_document(request, uid)
    services.require_manager(request.user, document.meeting.body)
    form = forms.DocumentVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_version_add(
                document=document,
                by=request.user,
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(
                request, _("Version %(number)d was uploaded.") % {"number": version.number}
            )
            return redirect(document.meeting)
    return _form_page(
        request,
        form,
        title=_("New version of %(document)s") % {"document": document.title},
        submit=_("Upload version"),
        back=document.meeting.get_absolute_url(),
        back_label=document.meeting.title,
    )


@require_safe
def document_download(request: HttpRequest, uid: str, number: int) -> FileResponse:
    document = selectors.get_document(request, uid)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=version.filename)


# --- Minutes and action items ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    initial = {"kind": minutes.kind, "text": minutes.text} if minutes else {}
    form = forms.MinutesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The draft was saved. Publish it to circulate it."))
            return redirect(meeting.get_absolute_url() + "#minutes-heading")
    return _form_page(
        request,
        form,
        title=_("Minutes of %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save draft"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
        intro=_("Write in plain text or Markdown. Members see the minutes once you publish them."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_publish(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    if request.method == "POST":
        try:
            services.minutes_publish(minutes=minutes, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The minutes were published and circulated to all members.")
            )
        return redirect(meeting.get_absolute_url() + "#minutes-heading")
    count = Member.objects.active().filter(body_id=meeting.body_id).count()
    return _confirm_page(
        request,
        title=_("Publish the minutes of %(meeting)s?") % {"meeting": meeting.title},
        question=_(
            "They are emailed to all %(count)d members of %(body)s, informed-only members included."
        )
        % {"count": count, "body": meeting.body.name},
        confirm=_("Publish and circulate"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
        danger=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_reopen(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    minutes = get_object_or_404(Minutes, meeting=meeting, status=MinutesStatus.PUBLISHED)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_reopen(minutes=minutes, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
        else:
            messages.success(
                request, _("The minutes are open for changes; publish them again when ready.")
            )
            return redirect(meeting.get_absolute_url() + "#minutes-heading")
    return _form_page(
        request,
        form,
        title=_("Reopen the minutes of %(meeting)s") % {"meeting": meeting.title},
        submit=_("Reopen minutes"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
        intro=_("Members keep seeing the published revision until you publish the next one."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request, uid)
    form = forms.ActionItemForm(request.POST or None, body=meeting.body)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error("owner", exc.messages)
        else:
            messages.success(request, _("The action item was added."))
            return redirect(meeting.get_absolute_url() + "#actions-heading")
    return _form_page(
        request,
        form,
        title=_("Add an action item"),
        submit=_("Add action item"),
        back=meeting.get_absolute_url(),
        back_label=meeting.title,
        intro=_("It comes back on the agenda of each following meeting until it is done."),
    )


def _back(request: HttpRequest, fallback: str) -> str:
    return safe_next(request, request.POST.get("next"), fallback=fallback)


@login_required
@require_POST
def action_done(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_action_item(request, uid)
    services.action_item_complete(item=item, by=request.user)
    messages.success(request, _("“%(item)s” is done.") % {"item": item.title})
    return redirect(_back(request, reverse("forum:actions", args=[item.body.slug])))


@login_required
@require_POST
def action_reopen(request: HttpRequest, uid: str) -> HttpResponse:
    item = selectors.get_action_item(request, uid)
    services.action_item_reopen(item=item, by=request.user)
    messages.success(request, _("“%(item)s” is open again.") % {"item": item.title})
    return redirect(_back(request, reverse("forum:actions", args=[item.body.slug])))


@login_required
@require_safe
def actions(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_for_member(request, slug)
    show = request.GET.get("show", "open")
    items = ActionItem.objects.filter(body=body).select_related("owner", "meeting")
    items = items.open() if show != "all" else items
    page = Paginator(items.order_by("due_date", "pk"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/actions.html",
        {
            "body": body,
            "page_obj": page,
            "items": page.object_list,
            "show": show,
            "can_manage": services.can_manage(request.user, body),
            "today": timezone.localdate(),
        },
    )


# --- Recommendations ------------------------------------------------------------------------------


@require_safe
def recommendations(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body(slug)
    items = body.recommendations.annotate(review_count=Count("reviews")).order_by("reference")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/recommendations.html",
        {
            "body": body,
            "page_obj": page,
            "recommendations": page.object_list,
            "can_manage": services.can_manage(request.user, body),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request, slug)
    form = forms.RecommendationForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(
                body=body,
                by=request.user,
                reference=form.cleaned_data["reference"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                raised_by=list(form.cleaned_data["raised_by"]),
            )
        except ValidationError as exc:
            form.add_error("reference", exc.messages)
        else:
            messages.success(request, _("The recommendation was added."))
            return redirect(recommendation)
    return _form_page(
        request,
        form,
        title=_("Add a recommendation of %(body)s") % {"body": body.name},
        submit=_("Add recommendation"),
        back=reverse("forum:recommendations", args=[body.slug]),
        back_label=_("Recommendations"),
    )


@require_safe
def recommendation_detail(request: HttpRequest, uid: str) -> HttpResponse:
    recommendation = selectors.get_recommendation(uid)
    visible = Meeting.objects.visible_to(request.user).values("pk")
    reviews = recommendation.reviews.select_related("meeting").annotate(
        meeting_visible=Count("meeting", filter=Q(meeting__in=visible))
    )
    manager = services.can_manage(request.user, recommendation.body)
    return render(
        request,
        "forum/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "body": recommendation.body,
            "reviews": reviews,
            "raised_by": recommendation.raised_by.select_related("organisation"),
            # Who represents which organisation is for the body's members (as on its member
            # list): the page is public, and an organisation's name must not be shown to
            # everyone because one of its people raised a recommendation.
            "show_organisations": manager or selectors.is_member(request.user, recommendation.body),
            "can_manage": manager,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_review(request: HttpRequest, uid: str) -> HttpResponse:
    recommendation = selectors.get_recommendation(uid)
    services.require_manager(request.user, recommendation.body)
    form = forms.ReviewForm(
        request.POST or None, body=recommendation.body, initial={"status": recommendation.status}
    )
    if request.method == "POST" and form.is_valid():
        services.recommendation_review(
            recommendation=recommendation, by=request.user, **form.cleaned_data
        )
        messages.success(request, _("The review was recorded."))
        return redirect(recommendation)
    return _form_page(
        request,
        form,
        title=_("Record a review of %(ref)s") % {"ref": recommendation.reference},
        submit=_("Record review"),
        back=recommendation.get_absolute_url(),
        back_label=str(recommendation),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_respond(request: HttpRequest, uid: str) -> HttpResponse:
    recommendation = selectors.get_recommendation(uid)
    services.require_manager(request.user, recommendation.body)
    form = forms.ResponseForm(request.POST or None, initial={"response": recommendation.response})
    if request.method == "POST" and form.is_valid():
        services.recommendation_respond(
            recommendation=recommendation, by=request.user, **form.cleaned_data
        )
        messages.success(
            request, _("The response was saved and sent to the members who raised it.")
        )
        return redirect(recommendation)
    return _form_page(
        request,
        form,
        title=_("Respond to %(ref)s") % {"ref": recommendation.reference},
        submit=_("Save and send response"),
        back=recommendation.get_absolute_url(),
        back_label=str(recommendation),
    )


# --- The member's own page and calendar feed ------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_forum(request: HttpRequest) -> HttpResponse:
    preferences = services.preferences_for(request.user)
    form = forms.PreferencesForm(
        request.POST or None,
        initial={
            "digest_frequency": preferences.digest_frequency,
            "time_zone": preferences.time_zone,
            "themes": list(preferences.themes.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your forum settings were saved."))
        return redirect("forum:me")
    memberships = (
        Member.objects.filter(user=request.user).select_related("body").order_by("body__name")
    )
    return render(
        request,
        "forum/me.html",
        {
            "form": form,
            "preferences": preferences,
            "feed_url": request.build_absolute_uri(
                reverse("forum:feed", args=[preferences.feed_token])
            ),
            "memberships": memberships,
            "actions": ActionItem.objects.open()
            .filter(owner=request.user)
            .select_related("body", "meeting"),
            "today": timezone.localdate(),
            "informed_role": MemberRole.INFORMED,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def feed_rotate(request: HttpRequest) -> HttpResponse:
    services.feed_token_rotate(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new secret address. The old one no longer works."),
    )
    return redirect("forum:me")


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    preferences = get_object_or_404(
        MemberPreferences.objects.select_related("user"), feed_token=token, user__is_active=True
    )
    user = preferences.user
    since = timezone.now() - calendar.FEED_PAST
    meetings = (
        Meeting.objects.attendable_by(user)
        .filter(ends_at__gte=since)
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    with translation.override(user.language):
        content = calendar.calendar_for(meetings, name=_("Forum meetings"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    # One person's meetings, fetched without a session: no shared cache may keep them.
    patch_cache_control(response, private=True)
    return response
