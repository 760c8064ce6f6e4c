from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notifications import services, topics
from notifications.consent import UNSUBSCRIBE


@csrf_exempt  # the signed token is the credential; mail clients post without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.unsubscribe_token_read(token)
    if found is None:
        raise Http404
    user_id, topic = found
    if request.method == "POST":
        # A mail client's one-click POST (RFC 8058) shows nobody a page: its record names the
        # wording of the page it stands for, in the person's own language.
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        language = (
            get_user_model().objects.filter(pk=user_id).values_list("language", flat=True).first()
            if one_click
            else get_language()
        )
        if not services.email_opt_out(
            user_id=user_id,
            topic=topic,
            source="one-click" if one_click else "unsubscribe-page",
            language=language or None,
        ):
            raise Http404
        return render(
            request, "notifications/unsubscribed.html", {"topic_label": topics.label(topic)}
        )
    return render(
        request,
        "notifications/unsubscribe.html",
        {"question": UNSUBSCRIBE.render(topic=topics.label(topic)), "token": token},
    )


@login_required
@require_POST
def preference(request: HttpRequest) -> HttpResponse:
    topic = request.POST.get("topic", "")
    if topic not in topics.all_topics():
        messages.error(request, _("Choose a kind of email from the list."))
        return redirect("accounts:overview")
    if request.POST.get("wanted") == "1":
        services.email_opt_in(user_id=request.user.pk, topic=topic)
        messages.success(request, _("You will receive these emails again."))
    else:
        services.email_opt_out(user_id=request.user.pk, topic=topic)
        messages.success(request, _("You will no longer receive these emails."))
    return redirect("accounts:overview")
