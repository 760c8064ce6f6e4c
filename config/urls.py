from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.http import require_safe
from health_check.checks import Cache, Database

from config import replica
from config.health import Broker, HealthView, Replica
from knowledge.feeds import PracticeSitemap
from portal import views as portal_views
from portal.contact import contact

# The admin signs in through allauth: the same rate limits, and the second factor.
admin.site.login = secure_admin_login(admin.site.login)

# The replica, when there is one, is a check of its own: down or lagging is a warning (the
# primary serves its reads), so /health/ stays 200 (config/health.py).
_checks = [Database, Cache, Broker, *([Replica] if replica.configured() else [])]

urlpatterns = [
    path("health/", HealthView.as_view(checks=_checks), name="health"),
    path("admin/", admin.site.urls),
    path("language/", portal_views.set_language, name="set_language"),
    path("language/<str:code>/", portal_views.choose_language, name="choose_language"),
    # Machine-facing and language-neutral: the API and the sitemap have no language prefix.
    path("api/", include("knowledge.api_urls")),
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": {"practices": PracticeSitemap}},
        name="sitemap",
    ),
    # The supporter badge's images: one public address per language, outside the prefixes
    # (the language is in the file name), so the HTML a supporter pastes never changes.
    path("alliance/badge/", include("alliance.badge_urls")),
]

# Pages carry their language in the address (/nl/…, /fr/…, /de/…); English has no prefix.
urlpatterns += i18n_patterns(
    path("", portal_views.home, name="home"),
    path("start/", portal_views.start, name="start"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("alliance/", include("alliance.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("help/", include("knowledge.helpdesk.urls")),
    path("contact/", contact, name="contact"),
    path("forum/", include("forum.urls")),
    path("commitments/", include("commitments.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("calls/", include("initiatives.calls.urls")),
    prefix_default_language=False,
)

if settings.BENCH:
    from config.bench import floor

    urlpatterns.insert(0, path("bench/floor/", floor, name="bench_floor"))

# Uploaded files have no address of their own, in development either: each is served by the
# view that checks who may see it, from whichever storage holds it (docs/storage.md).

# A lost database is a 503 with Retry-After wherever it is noticed (portal/middleware.py).
handler500 = "portal.middleware.server_error"
# A signed-out visitor's 404 offers to sign in and come back (portal/views.py).
handler404 = "portal.views.page_not_found"
# A bad request (a Host not in ALLOWED_HOSTS among them) is a 400, never a 500.
handler400 = "portal.middleware.bad_request"
