"""The initiatives register: the public list, and an organisation's own initiatives."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

import pagecache
from initiatives import selectors


@require_safe
@pagecache.public_page("initiatives")
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.published_initiatives(), 20).get_page(request.GET.get("page"))
    return render(
        request, "initiatives/index.html", {"page_obj": page, "initiatives": page.object_list}
    )
