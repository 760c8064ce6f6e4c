from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language_info


def languages(request: HttpRequest) -> dict:
    """The current page in every language, for hreflang links and the language switcher."""
    path = request.get_full_path()
    return {
        "language_versions": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
            }
            for code, _name in settings.LANGUAGES
        ]
    }
