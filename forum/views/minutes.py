"""Minutes of a meeting (draft, publish, reopen) and action items."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum import forms, selectors, services
from forum.models import ActionItem, Minutes, MinutesStatus
from forum.views.common import act, back_to, confirm_page, form_view, future_meeting_page


@login_required
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    initial = {"kind": minutes.kind, "text": minutes.text} if minutes else {}
    return form_view(
        request,
        forms.MinutesForm(request.POST or None, initial=initial),
        save=lambda data: services.minutes_save(meeting=meeting, by=request.user, **data),
        done=_("The draft was saved. Publish it to circulate it."),
        back=meeting,
        then=meeting.get_absolute_url() + "#minutes-heading",
        title=_("Minutes of %(meeting)s") % {"meeting": meeting.title},
        submit=_("Save draft"),
        intro=_("Write in plain text or Markdown. Members see the minutes once you publish them."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_publish(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    minutes = get_object_or_404(Minutes, meeting=meeting)
    if request.method == "POST":
        form = forms.ConfirmFutureForm(request.POST)
        confirmed = form.is_valid() and form.cleaned_data["confirm_future"]
        act(
            request,
            lambda: services.minutes_publish(
                minutes=minutes, by=request.user, confirm_future=confirmed
            ),
            done=_("The minutes were published and circulated to all members."),
        )
        return redirect(meeting.get_absolute_url() + "#minutes-heading")
    title = _("Publish the minutes of %(meeting)s?") % {"meeting": meeting.title}
    question = _(
        "They are emailed to all %(count)d members of %(body)s, informed-only members included."
    ) % {"count": selectors.active_member_count(meeting.body_id), "body": meeting.body.name}
    confirm = _("Publish and circulate")
    if meeting.is_in_future:
        return future_meeting_page(
            request,
            meeting,
            title=title,
            question=question,
            confirm=confirm,
            form=forms.ConfirmFutureForm(initial={"confirm_future": True}),
        )
    return confirm_page(
        request, title=title, question=question, confirm=confirm, back=meeting, danger=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_reopen(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    minutes = get_object_or_404(Minutes, meeting=meeting, status=MinutesStatus.PUBLISHED)
    return form_view(
        request,
        forms.ReopenForm(request.POST or None),
        save=lambda data: services.minutes_reopen(minutes=minutes, by=request.user, **data),
        done=_("The minutes are open for changes; publish them again when ready."),
        back=meeting,
        then=meeting.get_absolute_url() + "#minutes-heading",
        errors_on="reason",
        title=_("Reopen the minutes of %(meeting)s") % {"meeting": meeting.title},
        submit=_("Reopen minutes"),
        intro=_("Members keep seeing the published revision until you publish the next one."),
    )


# --- Action items ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, uid: str) -> HttpResponse:
    meeting = selectors.get_meeting_to_manage(request.user, uid)
    return form_view(
        request,
        forms.ActionItemForm(request.POST or None, body=meeting.body),
        save=lambda data: services.action_item_add(meeting=meeting, by=request.user, **data),
        done=_("The action item was added."),
        back=meeting,
        then=meeting.get_absolute_url() + "#actions-heading",
        errors_on="owner",
        title=_("Add an action item"),
        submit=_("Add action item"),
        intro=_("It comes back on the agenda of each following meeting until it is done."),
    )


def _action_item_change(
    request: HttpRequest, uid: str, change: Callable[..., ActionItem], done: str
) -> HttpResponse:
    item = selectors.get_action_item(request.user, uid)
    change(item=item, by=request.user)
    messages.success(request, done % {"item": item.title})
    return redirect(back_to(request, reverse("forum:actions", args=[item.body.slug])))


@login_required
@require_POST
def action_done(request: HttpRequest, uid: str) -> HttpResponse:
    return _action_item_change(
        request, uid, services.action_item_complete, _("“%(item)s” is done.")
    )


@login_required
@require_POST
def action_reopen(request: HttpRequest, uid: str) -> HttpResponse:
    return _action_item_change(
        request, uid, services.action_item_reopen, _("“%(item)s” is open again.")
    )


@login_required
@require_safe
def actions(request: HttpRequest, slug: str) -> HttpResponse:
    body, standing = selectors.get_body_with_standing(request.user, slug)
    show = request.GET.get("show", "open")
    items = selectors.body_action_items(body, open_only=show != "all")
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/actions.html",
        {
            "body": body,
            "page_obj": page,
            "items": page.object_list,
            "show": show,
            "can_manage": standing.manager,
            "today": timezone.localdate(),
        },
    )
