"""A person's own forum page (settings, memberships, open action items) and their calendar
feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum import calendar, forms, selectors, services
from forum.models import MemberRole


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
    feed_url = request.build_absolute_uri(reverse("forum:feed", args=[preferences.feed_token]))
    return render(
        request,
        "forum/me.html",
        {
            "form": form,
            "preferences": preferences,
            "feed_url": feed_url,
            "webcal_url": calendar.webcal(feed_url),
            "memberships": selectors.memberships_of(request.user),
            "actions": selectors.open_actions_of(request.user),
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
    user, meetings = selectors.feed_of(token, since=timezone.now() - calendar.FEED_PAST)
    with translation.override(user.language):
        content = calendar.calendar_for(meetings, name=_("Forum meetings"))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    # One person's meetings, fetched without a session: no shared cache may keep them.
    patch_cache_control(response, private=True)
    return response
