"""Demo initiatives for ``seed_demo``, after the accounts, alliance, commitments and knowledge
demos: a few published initiatives of the demo organisations, one with a confirmed partner,
linked to a coalition, a DESIGN-MTS action and the practice it produced; and one still private.
Written for the demo in the spirit of the Alliance's "new or existing CSR initiatives by large
companies, SMEs and their stakeholders" and of Trivisi's projects. Safe to run again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from accounts.models import Membership, Organisation, Role
from initiatives import links, services
from initiatives.models import Initiative, InitiativePartner, PartnerState
from knowledge.models import Practice
from taxonomy.models import Iso26000Subject, Theme


@dataclass(frozen=True)
class DemoInitiative:
    organisation: str
    title: str
    text: str  # demo content is in English, as the demo organisations write it
    status: str
    themes: list[str]
    iso26000: list[str]
    countries: list[str]
    starts_on: date | None = None
    ends_on: date | None = None
    results: str = ""
    partners: list[str] = field(default_factory=list)
    practices: list[str] = field(default_factory=list)
    coalitions: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    published: bool = True


INITIATIVES = [
    DemoInitiative(
        organisation="Vandenberghe Machine Tools",
        title="Safe hands: health and safety coaching for team leaders",
        text=(
            "Team leaders in our two workshops learn to spot risks before they become "
            "accidents, and to talk about work-related stress with their teams.\n\n"
            "The association of machine tool makers opened the course to its other members, "
            "so small workshops without a safety officer can take part too."
        ),
        status="ongoing",
        themes=["working-conditions", "skills-employability"],
        iso26000=["labour-practices"],
        countries=["BE"],
        starts_on=date(2025, 9, 1),
        ends_on=date(2027, 6, 30),
        results=(
            "- 24 team leaders trained in the first year\n"
            "- Lost-time accidents down from 7 to 3\n"
            "- The course material is in the knowledge centre for anyone to use"
        ),
        partners=["Machine Tool Makers' Association"],
        practices=["demo-en-08"],
        coalitions=["working-conditions"],
        actions=["design-mts:1.2"],
    ),
    DemoInitiative(
        organisation="Atelier Lumière",
        title="Ateliers ouverts: energy savings shared between neighbouring workshops",
        text=(
            "Five small workshops in the same business park audit their energy use together, "
            "with one checklist, and share the cost of the measures that pay back fastest."
        ),
        status="completed",
        themes=["eco-efficiency", "sme-growth"],
        iso26000=["environment"],
        countries=["FR"],
        starts_on=date(2024, 3, 1),
        ends_on=date(2025, 2, 28),
        results="Electricity use down 12 percent across the five workshops in one year.",
        practices=["demo-en-01"],
        coalitions=["eco-efficiency"],
    ),
    DemoInitiative(
        organisation="Machine Tool Makers' Association",
        title="CSR in training courses for the sector",
        text=(
            "Responsible business becomes part of the sector's vocational courses: a module "
            "for apprentices and one for the trainers of member companies."
        ),
        status="planned",
        themes=["skills-employability", "stakeholder-engagement"],
        iso26000=["community-involvement"],
        countries=["BE", "NL"],
        starts_on=date(2026, 9, 1),
        coalitions=["skills-employability"],
    ),
    DemoInitiative(
        organisation="Vandenberghe Machine Tools",
        title="Supplier code of conduct (draft)",
        text="A code of conduct for our suppliers, still being discussed internally.",
        status="planned",
        themes=["supply-chain"],
        iso26000=["fair-operating-practices"],
        countries=["BE"],
        published=False,
    ),
]


def _admin(organisation: Organisation):
    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def seed() -> list[Initiative]:
    """Register the demo initiatives that are not there yet (matched by organisation and
    title); leave those that are as they are."""
    made: list[Initiative] = []
    kinds = {kind.name for kind in links.kinds()}
    with transaction.atomic():
        for demo in INITIATIVES:
            organisation = Organisation.objects.filter(name=demo.organisation).first()
            if organisation is None:
                continue
            if Initiative.objects.filter(organisation=organisation, title=demo.title).exists():
                continue
            by = _admin(organisation)
            initiative = services.register_initiative(
                organisation,
                by=by,
                title=demo.title,
                description=demo.text,
                status=demo.status,
                themes=Theme.objects.filter(slug__in=demo.themes),
                iso26000=Iso26000Subject.objects.filter(slug__in=demo.iso26000),
                countries=demo.countries,
                starts_on=demo.starts_on,
                ends_on=demo.ends_on,
                results=demo.results,
                practices=Practice.objects.published().filter(source_id__in=demo.practices),
                publish=demo.published,
            )
            wanted = {"coalitions": demo.coalitions, "actions": demo.actions}
            services.initiative_update(
                initiative=initiative,
                by=by,
                links_to={name: keys for name, keys in wanted.items() if name in kinds},
            )
            for name in demo.partners:
                partner = Organisation.objects.filter(name=name).first()
                if partner is None:
                    continue
                partnership = services.partner_invite(initiative=initiative, by=by, partner=partner)
                partner_admin = _admin(partner)
                if partner_admin is not None:
                    services.partner_answer(partnership=partnership, by=partner_admin, confirm=True)
                else:
                    InitiativePartner.objects.filter(pk=partnership.pk).update(
                        state=PartnerState.CONFIRMED
                    )
            made.append(initiative)
    return made
