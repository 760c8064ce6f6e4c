from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from health_check.checks import Cache, Database
from health_check.views import HealthCheckView

from config.health import Broker
from knowledge.feeds import PracticeSitemap
from portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("notifications.urls")),
    path("alliance/", include("alliance.urls")),
    path("knowledge/", include("knowledge.urls")),
    path("api/", include("knowledge.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"practices": PracticeSitemap}}, name="sitemap"),
    path("forum/", include("forum.urls")),
    path("commitments/", include("commitments.urls")),
    path("health/", HealthCheckView.as_view(checks=[Database, Cache, Broker]), name="health"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
