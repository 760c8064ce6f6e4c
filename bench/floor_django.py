"""The Django floor for `make bench` (``floor_django``): a Django project with no middleware, no
application, no database and one view returning bytes, served by gunicorn with
``config/gunicorn.py`` exactly as the portal is (``bench.floor_django:application``).

It is what any Django page costs at least on this machine; the portal's own floor,
``floor_stack`` (``/bench/floor/``, config/bench.py), is the same view behind the portal's whole
middleware stack. These settings are the module's own: nothing of the portal is imported.
"""

from __future__ import annotations

import os

from django.http import HttpRequest, HttpResponse
from django.urls import path

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-floor-" + "k" * 60)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = __name__
MIDDLEWARE: list[str] = []
INSTALLED_APPS: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
USE_I18N = False
USE_TZ = True


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor)]

if os.environ.get("DJANGO_SETTINGS_MODULE") == "bench.floor_django":
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
