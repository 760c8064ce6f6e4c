"""What every forum view does alike: the form page, the confirmation page, and running a
service with its answer as a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from forum import selectors
from forum.permissions import Viewer
from safeurl import safe_next


def form_page(
    request: HttpRequest,
    form: Form,
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


def form_view(
    request: HttpRequest,
    form: Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], str],
    then: Callable[[Any], Any],
    errors_on: str | None = None,
    **page: str,
) -> HttpResponse:
    """The form page; on a valid POST, ``save(cleaned_data)``, then the message ``done(result)``
    and a redirect to ``then(result)``. A ``ValidationError`` from the service is shown on the
    field ``errors_on`` (None: above the form). ``page``: ``form_page``'s texts."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(errors_on, exc.messages)
        else:
            messages.success(request, done(result))
            return redirect(then(result))
    return form_page(request, form, **page)


def confirm_page(
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
