from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, ResolverMatch, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override


def languages(request: HttpRequest) -> dict:
    """The current page in every language, for hreflang links and the language switcher."""
    path = request.get_full_path()
    match = _match_of(request)
    return {
        "language_versions": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code) if match is None else _in(path, match, code),
            }
            for code, _name in settings.LANGUAGES
        ]
    }


def contact(request: HttpRequest) -> dict:
    """The address people write to, for the pages that say "contact us"."""
    return {"contact_email": settings.CONTACT_EMAIL}


def _match_of(request: HttpRequest) -> ResolverMatch | None:
    """The URL match Django made for this request, when it is the one ``translate_url`` would
    make again for each language: same path (no script prefix) and the same active language
    (the language prefix a path matches depends on it). None otherwise."""
    match = getattr(request, "resolver_match", None)
    if match is None or request.path != request.path_info:
        return None
    if getattr(request, "LANGUAGE_CODE", None) != get_language():
        return None
    return match


def _in(path: str, match: ResolverMatch, code: str) -> str:
    """``translate_url(path, code)`` from a match already made: it only reverses."""
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            translated = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    parts = urlsplit(path)
    return urlunsplit((parts.scheme, parts.netloc, translated, parts.query, parts.fragment))
