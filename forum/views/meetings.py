"""Meetings: the list, scheduling (one meeting or a series), the meeting's page and its
calendar file, changing and cancelling, registering or declining, and the attendance log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters.views import FilterView

import pagecache
from forum import calendar, forms, selectors, services
from forum.models import Meeting, RegistrationStatus
from forum.views.common import (
    ViewerMixin,
    act,
    confirm_page,
    form_view,
    future_meeting_page,
)
from pagecache import public_page


class MeetingListView(ViewerMixin, FilterView):
    template_name = "forum/meeting_list.html"
    filterset_class = forms.MeetingFilter
    context_object_name = "meetings"
    paginate_by = 20

    def get_queryset(self) -> Any:
        meetings = selectors.meetings_list(self.request.user, secretariat=self.viewer.secretariat)
        return meetings.order_by("-starts_at", "-pk")


meeting_list = public_page("forum")(require_safe(MeetingListView.as_view()))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request.user, slug)
    form = forms.MeetingForm(request.POST or None)
    return form_view(
        request,
        form,
        save=lambda _data: services.meeting_schedule(
            body=body, by=request.user, **form.service_fields()
        ),
        done=_("The meeting was scheduled. Add its agenda next."),
        then=lambda meeting: meeting,
        back=body,
        title=_("Schedule a meeting of %(body)s") % {"body": body.name},
        submit=_("Schedule meeting"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_create(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_to_manage(request.user, slug)
    form = forms.SeriesForm(request.POST or None)
    return form_view(
        request,
        form,
        save=lambda _data: services.series_create(
            body=body, by=request.user, **form.service_fields()
        ),
        done=lambda series: (
            _("The series was created with %(count)d meetings scheduled ahead.")
            % {"count": series.meetings.count()}
        ),
        back=body,
        title=_("Schedule a recurring series for %(body)s") % {"body": body.name},
        submit=_("Create series"),
        intro=_(
            "Meetings of the series are created for the coming twelve months, at the same local "
            "time, and more are added as time passes. Each can then be changed on its own."
        ),
    )


@public_page("forum", "taxonomy", "knowledge")
@require_safe
def meeting_detail(request: HttpRequest, uid: str) -> HttpResponse:
    page = selectors.get_meeting_page(request.user, uid)
    meeting, parts, standing = page.meeting, page.parts, page.standing
    manager, member = standing.manager, standing.member
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "can_manage": manager,
        "is_member": member,
        "can_register": standing.attending and meeting.is_open_for_registration,
        # Anyone signed in registers for a public meeting, stating whom they represent.
        "can_register_public": (
            request.user.is_authenticated
            and not standing.attending
            and meeting.is_public
            and meeting.is_open_for_registration
        ),
        "registration": page.answer,
        "agenda": parts.agenda,
        "documents": parts.documents,
        "minutes": selectors.minutes_to_show(meeting, manager=manager),
        "viewer_tz": page.viewer.time_zone,
        "registered_count": parts.figures.registered,
        "waiting_count": parts.figures.waiting,
    }
    if member:
        action_items, carried_over = parts.action_items
        context |= {
            "balance": parts.figures.balance,
            "unrepresented": parts.figures.unrepresented,
            "carried_over": carried_over,
            "action_items": action_items,
            "reviews": parts.reviews,
        }
    if manager:
        context["registrations"] = selectors.meeting_registrations(meeting)
    else:
        context["shared"] = _shared_html(meeting, context, member=member)
    return render(request, "forum/meeting_detail.html", context)


# What a meeting's page shows alike to everyone of one audience (the body's members, or
# others), in the parts that hold no form: kept rendered for all but the secretariat.
_SHARED_PARTS = {
    "head": "forum/includes/meeting_head.html",
    "when": "forum/includes/meeting_when.html",
    "papers": "forum/includes/meeting_papers.html",
}
# All that those parts read of the page's context: nothing of the viewer's own (their answer,
# their forms) may reach them.
_SHARED_CONTEXT = (
    "meeting",
    "body",
    "can_manage",
    "is_member",
    "viewer_tz",
    "registered_count",
    "waiting_count",
    "agenda",
    "documents",
    "minutes",
    "balance",
    "carried_over",
)


def _shared_html(meeting: Meeting, context: dict[str, Any], *, member: bool) -> dict[str, Any]:
    """The head, the when-and-where card and the papers (balance, agenda, documents, minutes)
    of the page, rendered once for each meeting, audience, language, time zone and day, until
    the forum changes. ``context`` is the page's for a viewer who does not manage the body:
    what the parts read of it (``_SHARED_CONTEXT``) is the same for everyone of that
    audience."""
    shared = {name: context[name] for name in _SHARED_CONTEXT if name in context}

    def render_parts() -> dict[str, str]:
        return {name: render_to_string(path, shared) for name, path in _SHARED_PARTS.items()}

    audience = "members" if member else "others"
    day = timezone.localdate().isoformat()
    return pagecache.fragments(
        f"forum:meeting-html:{meeting.uid}:{audience}:{context['viewer_tz'].key}:{day}",
        ("forum",),
        render_parts,
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    form = forms.MeetingForm(request.POST or None, initial=forms.MeetingForm.initial_for(meeting))
    return form_view(
        request,
        form,
        save=lambda _data: services.meeting_update(
            meeting=meeting, by=request.user, **form.service_fields()
        ),
        done=_("The meeting was saved."),
        back=meeting,
        title=_("Change %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save meeting"),
        intro=_("If you change the time, reminders move with it and everyone registered is told."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    if request.method == "POST":
        act(
            request,
            lambda: services.meeting_cancel(meeting=meeting, by=request.user),
            done=_("The meeting was cancelled and the people registered were told."),
        )
        return redirect(meeting)
    return confirm_page(
        request,
        title=_("Cancel %(meeting)s?") % {"meeting": meeting.title},
        question=_(
            "Everyone registered or waiting receives an email, and their reminders are "
            "withdrawn. A cancelled meeting cannot be reopened."
        ),
        confirm=_("Cancel meeting"),
        back=meeting,
    )


@login_required
@require_POST
def register(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, uid)
    if meeting.is_public and not selectors.is_attending_member(meeting.body_id, request.user):
        # Not a member: the public form asks whom they represent.
        return redirect("forum:register_public", uid=meeting.uid)
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
    meeting = selectors.get_meeting(request.user, uid)
    act(
        request,
        lambda: services.registration_decline(meeting=meeting, user=request.user),
        done=_("You declined this meeting."),
    )
    return redirect(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    members, present, answers = selectors.attendance_of(meeting)
    return form_view(
        request,
        forms.AttendanceForm(
            request.POST or None, members=members, answers=answers, initial={"present": present}
        ),
        save=lambda data: services.attendance_record(
            meeting=meeting,
            by=request.user,
            present=data["present"],
            confirm_future=data["confirm_future"],
        ),
        confirm_future=lambda data: future_meeting_page(
            request,
            meeting,
            title=_("Mark %(meeting)s held?") % {"meeting": meeting.title},
            confirm=_("Save attendance and mark held"),
            form=forms.AttendanceForm(
                members=members,
                answers=answers,
                initial={"present": data["present"], "confirm_future": True},
                confirming=True,
            ),
        ),
        done=_("The attendance log was saved and the meeting is held."),
        back=meeting,
        title=_("Attendance at %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save attendance and mark held"),
    )


@require_safe
def meeting_ics(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting(request.user, uid)
    with translation.override(request.LANGUAGE_CODE):
        content = calendar.calendar_for([meeting], name=meeting.title)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.uid}.ics"'
    return response
