"""Members' activity updates: the standing items of a series, each member's update before a
meeting, the deadline, and the update paper (compiled, circulated, read as a page or a PDF);
the body's updates, searchable by its members."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from forum import forms, papers, selectors, services
from forum.models import UpdatePaper
from forum.views.common import act, confirm_page, form_view


def _updates_url(meeting: Any) -> str:
    return reverse("forum:meeting_updates", args=[meeting.uid])


@login_required
@require_http_methods(["GET", "POST"])
def meeting_updates(request: HttpRequest, uid: str) -> HttpResponse:
    """The meeting's updates: the viewer's own form until the deadline, the updates sent so
    far, and for the secretariat who is still silent and the paper's actions."""
    meeting, standing = selectors.get_meeting_for_updates(request.user, uid)
    updates = selectors.meeting_updates(meeting)
    own = next((u for u in updates if u.member.user_id == request.user.pk), None)
    form = forms.MemberUpdateForm(request.POST or None, initial={"text": own.text} if own else None)
    if request.method == "POST":
        if not standing.attending:
            raise PermissionDenied(
                _("Only members who attend the meetings of this body send updates.")
            )
        if form.is_valid():
            try:
                services.update_submit(
                    meeting=meeting, user=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.add_error("text", exc.messages)
            else:
                messages.success(
                    request,
                    _("Your update was saved. You can change it until the deadline.")
                    if own is None
                    else _("Your update was changed."),
                )
                return redirect(_updates_url(meeting))
    context: dict[str, Any] = {
        "meeting": meeting,
        "body": meeting.body,
        "updates": updates,
        "own": own,
        "form": form,
        "can_submit": standing.attending,
        "is_open": services.updates_open(meeting),
        "can_manage": standing.manager,
        "paper": UpdatePaper.objects.filter(meeting=meeting).first(),
        "now": timezone.now(),
    }
    if standing.manager:
        context["missing"] = selectors.members_without_update(meeting)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "forum/meeting_updates.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def updates_deadline(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_for_updates_to_manage(request.user, uid)
    initial = {}
    if meeting.updates_due_at:
        initial["due"] = timezone.localtime(meeting.updates_due_at, meeting.zone).replace(
            tzinfo=None
        )
    return form_view(
        request,
        forms.UpdatesDeadlineForm(request.POST or None, meeting=meeting, initial=initial),
        save=lambda data: services.updates_deadline_set(
            meeting=meeting, by=request.user, due_at=data["due_at"]
        ),
        done=_("The deadline for members' updates was saved."),
        back=(_updates_url(meeting), _("Members' updates")),
        errors_on="due",
        title=_("Deadline for members' updates to %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save deadline"),
        intro=_(
            "Members send or change their update until then; members who have not are "
            "reminded two days before."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_paper_compile(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_for_updates_to_manage(request.user, uid)
    if request.method == "POST":
        paper = act(
            request,
            lambda: services.update_paper_compile(meeting=meeting, by=request.user),
            done=_("The update paper was compiled and circulated to all members."),
        )
        return redirect(paper.get_absolute_url() if paper else _updates_url(meeting))
    return confirm_page(
        request,
        title=_("Compile and circulate the update paper of %(meeting)s?")
        % {"meeting": meeting.title},
        question=_(
            "The updates sent so far are compiled, grouped %(grouping)s, and the paper is "
            "emailed with the agenda to all %(count)d members of %(body)s, informed-only "
            "members included. Compiling again later makes a new revision."
        )
        % {
            "grouping": meeting.body.get_update_grouping_display().lower(),
            "count": selectors.active_member_count(meeting.body_id),
            "body": meeting.body.name,
        },
        confirm=_("Compile and circulate"),
        back=(_updates_url(meeting), _("Members' updates")),
        danger=False,
    )


@login_required
@require_safe
def update_paper(request: HttpRequest, uid: str) -> HttpResponse:
    meeting, _standing = selectors.get_meeting_for_updates(request.user, uid)
    paper = selectors.update_paper_of(meeting)
    return render(
        request,
        "forum/update_paper.html",
        {"meeting": meeting, "body": meeting.body, "paper": paper},
    )


@login_required
@require_safe
def update_paper_pdf(request: HttpRequest, uid: str) -> HttpResponse:
    meeting, _standing = selectors.get_meeting_for_updates(request.user, uid)
    return papers.pdf_response(selectors.update_paper_of(meeting), meeting)


@login_required
@require_safe
def body_updates(request: HttpRequest, slug: str) -> HttpResponse:
    body, _standing = selectors.get_body_with_standing(request.user, slug)
    words = request.GET.get("q", "")[:200]
    page = Paginator(selectors.body_updates(body, words=words), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "forum/body_updates.html",
        {
            "body": body,
            "page_obj": page,
            "updates": page.object_list,
            "q": words,
            "page_query": urlencode({"q": words}) if words else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def series_standing(request: HttpRequest, uid: str) -> HttpResponse:
    """The standing agenda items of a series, and a form to add one."""
    series = selectors.get_series_to_manage(request.user, uid)
    form = forms.StandingItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.standing_item_add(series=series, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("The standing item was added to the meetings still to come.")
            )
            return redirect(reverse("forum:series_standing", args=[series.uid]))
    return render(
        request,
        "forum/series_standing.html",
        {
            "series": series,
            "body": series.body,
            "items": list(series.standing_items.all()),
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
