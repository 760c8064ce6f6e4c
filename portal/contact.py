"""The contact page: the operator's address, email and phone, as set in the admin."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.models import ContactDetails


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/contact.html", {"contact": ContactDetails.current()})
