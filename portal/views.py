from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from taxonomy.models import Theme


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"priority_areas": Theme.objects.all()})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (cookie and translated redirect); a signed-in person's choice
    also becomes the language of the email they receive."""
    # Django translates `next` by resolving it in the active language, which for /language/ is
    # the default one: a page under /nl/ would not resolve and the switch would stay in Dutch.
    next_path = urlsplit(request.POST.get("next") or "").path
    with translation.override(get_language_from_path(next_path) or settings.LANGUAGE_CODE):
        response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response
