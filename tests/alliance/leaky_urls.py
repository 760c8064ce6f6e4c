"""The site's URLs plus one deliberately leaking view, to prove the canary test catches it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from alliance.models import SupportDeclaration
from config.urls import urlpatterns as site_urlpatterns


def supporters_list(request: HttpRequest) -> HttpResponse:
    names = SupportDeclaration.objects.values_list("organisation__name", flat=True)
    return HttpResponse("\n".join(names), content_type="text/plain")


urlpatterns = [*site_urlpatterns, path("leak/supporters/", supporters_list, name="leak")]
