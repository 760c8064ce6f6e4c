from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from alliance.models import ActivityArea
from taxonomy.models import Theme


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "alliance/index.html",
        {"activity_areas": ActivityArea.objects.all(), "priority_areas": Theme.objects.all()},
    )
