"""Joining on one's own initiative: asking to join a body (open bodies take people at once),
the secretariat's queue of requests with approving and declining, leaving a body, and
registering for a public meeting without being a member."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from forum import forms, selectors, services
from forum.models import JoinRequest, RegistrationStatus
from forum.views.common import confirm_page, form_view
from safeurl import safe_next


def _posted(request: HttpRequest) -> QueryDict | None:
    """The form's data on every POST, so that an empty one is refused (400), not shown again
    as a fresh form."""
    return request.POST if request.method == "POST" else None


def _next(request: HttpRequest, fallback: str) -> str:
    """Where to go afterwards: a safe ``next`` from the form or the address, else
    ``fallback`` (the coalition page sends people here and wants them back)."""
    return safe_next(
        request, request.POST.get("next") or request.GET.get("next"), fallback=fallback
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_join(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body(slug)
    after = _next(request, body.get_absolute_url())
    if selectors.is_active_member(body.pk, request.user):
        messages.info(request, _("You are already a member of %(body)s.") % {"body": body.name})
        return redirect(after)
    pending = selectors.pending_join_request(body, request.user)
    form = forms.JoinAskForm(
        _posted(request),
        user=request.user,
        body=body,
        initial={"organisation": request.GET.get("organisation")},
    )
    if pending is None and request.method == "POST" and form.is_valid():
        try:
            answer = services.join_ask(
                body=body,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                constituency=form.cleaned_data["constituency"],
                motivation=form.cleaned_data.get("motivation", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if answer.member is not None:
                messages.success(
                    request, _("You are now a member of %(body)s.") % {"body": body.name}
                )
            else:
                messages.success(
                    request,
                    _("Your request was sent. The secretariat of %(body)s will answer by email.")
                    % {"body": body.name},
                )
            return redirect(after)
    return render(
        request,
        "forum/join_ask.html",
        {"body": body, "form": form, "pending": pending, "next": after},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def body_leave(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body(slug)
    if not selectors.is_active_member(body.pk, request.user):
        raise Http404
    after = _next(request, body.get_absolute_url())
    if request.method == "POST":
        withdrawn = services.member_leave(body=body, user=request.user)
        messages.success(request, _("You left %(body)s.") % {"body": body.name})
        if withdrawn:
            messages.info(
                request,
                _("You are no longer registered for: %(meetings)s. We sent you the list by email.")
                % {"meetings": ", ".join(r.meeting.title for r in withdrawn)},
            )
        return redirect(after)
    return confirm_page(
        request,
        title=_("Leave %(body)s?") % {"body": body.name},
        question=_(
            "You stop receiving its digests and minutes, and can no longer register for its "
            "members' meetings. Your registrations for its coming members' meetings are "
            "cancelled and the places go to whoever is waiting; registrations for its public "
            "meetings stay. Your past registrations stay in the record."
        ),
        confirm=_("Leave"),
        back=(after, body.name),
    )


@login_required
@require_safe
def join_requests(request: HttpRequest, slug: str) -> HttpResponse:
    body = selectors.get_body_for_member(request.user, slug, manage=True)
    page = Paginator(selectors.join_requests_pending(body), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/join_requests.html",
        {"body": body, "page_obj": page, "join_requests": page.object_list},
    )


def _queue_link(join_request: JoinRequest) -> tuple[str, str]:
    body = join_request.body
    return (
        reverse("forum:join_requests", args=[body.slug]),
        _("Requests to join %(body)s") % {"body": body.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_request_approve(request: HttpRequest, uid: str) -> HttpResponse:
    join_request = selectors.get_join_request_to_manage(request.user, uid)
    return form_view(
        request,
        forms.JoinApproveForm(_posted(request), initial={"start_date": timezone.localdate()}),
        save=lambda data: services.join_request_approve(
            join_request=join_request, by=request.user, **data
        ),
        done=_("%(person)s is now a member and was told by email.") % {"person": join_request.user},
        back=_queue_link(join_request),
        title=_("Approve the request of %(person)s") % {"person": join_request.user},
        submit=_("Approve"),
        intro=join_request.motivation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_request_decline(request: HttpRequest, uid: str) -> HttpResponse:
    join_request = selectors.get_join_request_to_manage(request.user, uid)
    return form_view(
        request,
        forms.JoinDeclineForm(_posted(request)),
        save=lambda data: services.join_request_decline(
            join_request=join_request, by=request.user, reason=data["reason"]
        ),
        done=_("The request was declined and %(person)s was told by email.")
        % {"person": join_request.user},
        back=_queue_link(join_request),
        errors_on="reason",
        title=_("Decline the request of %(person)s") % {"person": join_request.user},
        submit=_("Decline"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_public(request: HttpRequest, uid: str) -> HttpResponse:
    """The registration form of a public meeting, for people who are not members of its
    body (members register with one button on the meeting's page)."""
    meeting = selectors.get_meeting(request.user, uid)
    if not meeting.is_public:
        raise Http404
    if selectors.is_attending_member(meeting.body_id, request.user):
        return redirect(meeting)
    form = forms.PublicRegistrationForm(_posted(request))

    def save(data: dict) -> object:
        return services.registration_register(
            meeting=meeting,
            user=request.user,
            constituency=data["constituency"],
            organisation_name=data["organisation_name"],
        )

    def done(registration: object) -> str:
        if getattr(registration, "status", None) == RegistrationStatus.WAITING:
            return _(
                "The meeting is full: you are on the waiting list and will move up automatically."
            )
        return _("You are registered for this meeting.")

    return form_view(
        request,
        form,
        save=save,
        done=done,
        back=meeting,
        title=_("Register for %(meeting)s") % {"meeting": meeting.title},
        submit=_("Register"),
        intro=_(
            "This meeting is open to everyone. You receive its confirmation, reminders and "
            "changes by email, not the body's digest."
        ),
    )
