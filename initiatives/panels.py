"""What the initiatives register adds to other apps' pages: a section on an organisation's
private page (accounts.panels) and sections on a practice's page (knowledge.panels)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string

from accounts.models import Membership
from initiatives import selectors
from initiatives.models import Initiative, PartnerState


def organisation_panel(request: HttpRequest, membership: Membership) -> str:
    organisation = membership.organisation
    counts = Initiative.objects.filter(organisation=organisation).aggregate(
        count=Count("pk"), published=Count("pk", filter=Q(published_at__isnull=False))
    )
    waiting = organisation.initiative_partnerships.filter(state=PartnerState.INVITED).count()
    return render_to_string(
        "initiatives/panel.html",
        {"organisation": organisation, "membership": membership, "waiting": waiting, **counts},
        request=request,
    )


def practice_section(practice: Any) -> str:
    """Published initiatives that produced the practice, then others on its priority areas."""
    produced = selectors.published_for_practice(practice)
    on_themes = selectors.published_on_themes(practice, exclude=produced)
    if not produced and not on_themes:
        return ""
    return render_to_string(
        "initiatives/practice_section.html", {"produced": produced, "on_themes": on_themes}
    )
