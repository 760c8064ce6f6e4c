"""What the Alliance holds about a person's organisations, for the GDPR registry
(``accounts.hooks``).

The Alliance keeps nothing about a person as such: declarations, profiles and coalition
memberships are their organisations'. The download shows them for the organisations the person
belongs to (what their membership lets them see anyway); they go with the organisation, the
declaration counted as withdrawn (``alliance.services.organisation_deleting``).
"""

from __future__ import annotations

from typing import Any

from accounts.hooks import PersonalData
from accounts.models import Organisation
from alliance.models import CoalitionMember, Profile, SupportDeclaration


def export(user: Any) -> list[dict[str, Any]]:
    sections = []
    for organisation in Organisation.objects.filter(memberships__user=user).order_by("name"):
        declaration = SupportDeclaration.objects.filter(organisation=organisation).first()
        profile = Profile.objects.filter(organisation=organisation).first()
        sections.append(
            {
                "organisation": organisation.name,
                "support_declared": declaration.declared_at.isoformat() if declaration else None,
                "statement": declaration.statement if declaration else None,
                "profile": profile
                and {
                    "published": profile.published,
                    **{name: getattr(profile, name) for name in Profile.SECTIONS},
                },
                "coalitions": [
                    str(m.coalition)
                    for m in CoalitionMember.objects.filter(
                        organisation=organisation
                    ).select_related("coalition__theme")
                ],
            }
        )
    return sections


ENTRY = PersonalData(
    section="alliance",
    covers={
        "alliance.SupportDeclaration": "deleted with the organisation, counted as withdrawn",
        "alliance.Profile": "deleted with the organisation",
        "alliance.CoalitionMember": "deleted with the organisation",
    },
    export=export,
)
