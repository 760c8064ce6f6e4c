"""What every forum view does alike: the form page, the confirmation page (and the one before a
meeting dated in the future is held), and running a service with its answer as a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from forum import selectors
from forum.models import Meeting, MeetingInFuture
from forum.permissions import Viewer
from safeurl import safe_next


def _link(to: Model | tuple[str, str]) -> tuple[str, str]:
    """An object's page and its name, or an address and its label as given."""
    return (to.get_absolute_url(), str(to)) if isinstance(to, Model) else to


def form_view(
    request: HttpRequest,
    form: Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    done: str | Callable[[Any], str],
    back: Model | tuple[str, str],
    then: Any = None,
    errors_on: str | None = None,
    title: str,
    submit: str,
    intro: str = "",
    confirm_future: Callable[[dict[str, Any]], HttpResponse] | None = None,
) -> HttpResponse:
    """The form page, with a link back to ``back`` (an object's page, or an address and its
    label). On a valid POST: ``save(cleaned_data)``, the message ``done`` (or ``done(result)``)
    and a redirect to ``then`` (or ``then(result)``; by default ``back``). A
    ``ValidationError`` from the service is shown on the field ``errors_on`` (None: above the
    form). When the service refuses because the meeting is dated in the future
    (``MeetingInFuture``), ``confirm_future(cleaned_data)`` is the page that asks."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            if confirm_future is not None and isinstance(exc, MeetingInFuture):
                return confirm_future(form.cleaned_data)
            form.add_error(errors_on, exc.messages)
        else:
            messages.success(request, done(result) if callable(done) else done)
            then = then(result) if callable(then) else then
            return redirect(then or _link(back)[0])
    url, label = _link(back)
    return render(
        request,
        "forum/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "back": url,
            "back_label": label,
            "intro": intro,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm: str,
    back: Model | tuple[str, str],
    danger: bool = True,
    form: Form | None = None,
    before: tuple[str, str] | None = None,
) -> HttpResponse:
    """The page before something is deleted, withdrawn or ended; ``back`` as for
    ``form_view``; ``form`` (hidden fields, usually) is sent with the answer; ``before`` is a
    link to follow instead (an address and its label)."""
    back, back_label = _link(back)
    before_url, before_label = before or ("", "")
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
            "form": form,
            "before_url": before_url,
            "before_label": before_label,
        },
    )


def future_meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    title: str,
    confirm: str,
    question: str = "",
    form: Form,
) -> HttpResponse:
    """The page before a meeting that has not started yet is held: ``question`` and a warning
    that the meeting is dated in the future, a link to correct its date, and ``form`` (whose
    ``confirm_future`` is set) to go on."""
    warning = _(
        "This meeting is dated %(date)s, in the future. Go on only if it has taken place; "
        "otherwise correct its date."
    ) % {"date": date_format(meeting.local_starts_at.date(), "DATE_FORMAT")}
    return confirm_page(
        request,
        title=title,
        question=f"{question} {warning}" if question else warning,
        confirm=confirm,
        back=meeting,
        danger=False,
        form=form,
        before=(reverse("forum:meeting_edit", args=[meeting.uid]), _("Change the date")),
    )


def act(request: HttpRequest, action: Callable[[], Any], *, done: str) -> Any:
    """Run a service; its ``ValidationError`` becomes an error message, success ``done``.
    Returns the service's result (None when refused)."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    messages.success(request, done)
    return result


def back_to(request: HttpRequest, fallback: str) -> str:
    """Where to go after an action: the page's own ``next`` when safe, else ``fallback``."""
    return safe_next(request, request.POST.get("next"), fallback=fallback)


class ViewerMixin:
    """The person looking (``selectors.viewer_of``), read once per request, and their zone as
    ``viewer_tz`` in the context."""

    request: HttpRequest

    @cached_property
    def viewer(self) -> Viewer:
        return selectors.viewer_of(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["viewer_tz"] = self.viewer.time_zone
        return context
