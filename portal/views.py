from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

import pagecache
from pagecache import public_page
from portal.start import start_page
from safeurl import safe_next
from taxonomy.models import Theme


@public_page("taxonomy")
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    # The sections below the introduction, with the priority areas, are the same for everyone
    # in one language: rendered once while the vocabularies stay the same, so the signed-in
    # home page reads nothing but the session's user and renders little more than the frame.
    sections = pagecache.fragment(
        "portal:home-sections",
        ["taxonomy"],
        lambda: render_to_string(
            "portal/home_sections.html", {"priority_areas": list(Theme.objects.all())}
        ),
    )
    return render(request, "portal/home.html", {"sections": sections})


@login_required
@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """ "Your portal": where a signed-in person lands (``LOGIN_REDIRECT_URL``)."""
    return render(request, "portal/start.html", {"page": start_page(request.user)})


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404. The same page whether the address names a private object or nothing
    (docs/architecture.md, "Private by default"); a signed-out visitor is also offered to sign
    in and come back, since a member's link (in an email, say) may lead to a private page."""
    context = {}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        back = safe_next(request, request.get_full_path(), fallback=reverse("home"))
        context["sign_in_url"] = f"{reverse('account_login')}?{urlencode({'next': back})}"
    return HttpResponseNotFound(render_to_string("404.html", context, request))


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (cookie and translated redirect); a signed-in person's choice
    also becomes the language of the email they receive."""
    # Django translates `next` by resolving it in the active language, which for /language/ is
    # the default one: a page under /nl/ would not resolve and the switch would stay in Dutch.
    # Django's view checks `next` too, and falls back to the Referer; it is given only an
    # address that passed the portal's own check, and no Referer to fall back to.
    request.POST = request.POST.copy()
    request.POST["next"] = safe_next(request, request.POST.get("next"), fallback="/")
    request.META.pop("HTTP_REFERER", None)
    next_path = urlsplit(request.POST["next"]).path
    with translation.override(get_language_from_path(next_path) or settings.LANGUAGE_CODE):
        response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


@never_cache
@require_safe
def choose_language(request: HttpRequest, code: str) -> HttpResponse:
    """The language links in every page's footer: remember ``code`` in the language cookie
    and go to ``next`` in that language. Links, not a form, so public pages carry no CSRF token
    and can be cached, and the switch is one control for everyone. A signed-in person's choice
    also becomes the language of their email, unless the link was followed from another site
    (``Sec-Fetch-Site``): a link elsewhere may change a visitor's cookie, not their account.
    ``next`` may lead only to this site (``safeurl``)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    if request.user.is_authenticated and request.headers.get("Sec-Fetch-Site") not in (
        "cross-site",
        "same-site",
    ):
        get_user_model().objects.filter(pk=request.user.pk).update(language=code)
    target = safe_next(request, request.GET.get("next"), fallback="/")
    with translation.override(
        get_language_from_path(urlsplit(target).path) or settings.LANGUAGE_CODE
    ):
        response = HttpResponseRedirect(translate_url(target, code))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
