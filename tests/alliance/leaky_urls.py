"""The site's URLs plus deliberately faulty views, to prove the canary test catches them."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.text import slugify

from alliance.models import SupportDeclaration
from config.urls import urlpatterns as site_urlpatterns


def supporters_list(request: HttpRequest) -> HttpResponse:
    names = SupportDeclaration.objects.values_list("organisation__name", flat=True)
    return HttpResponse("\n".join(names), content_type="text/plain")


def supporters_slugs(request: HttpRequest) -> HttpResponse:
    # The names in another form: as a list of addresses or file names would show them.
    names = SupportDeclaration.objects.values_list("organisation__name", flat=True)
    return HttpResponse(" ".join(f"/{slugify(n)}.pdf" for n in names), content_type="text/plain")


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a view that breaks")


urlpatterns = [
    *site_urlpatterns,
    path("leak/supporters/", supporters_list, name="leak"),
    path("leak/slugs/", supporters_slugs, name="leak_slugs"),
    path("leak/broken/", broken, name="leak_broken"),
]
