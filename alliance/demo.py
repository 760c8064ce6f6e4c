"""Demo content for the Alliance: invented supporting organisations spread over countries,
sizes, sectors and 18 months, so the statistics page has real charts, and two profiles."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind
from alliance import services
from alliance.models import (
    Coalition,
    CoalitionMember,
    Profile,
    SupportDeclaration,
    may_declare_support,
)
from forum.models import Body, BodyKind
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Sector, Theme

PLACES = [
    "Nordkap",
    "Alpen",
    "Iberia",
    "Baltica",
    "Danubia",
    "Rhenus",
    "Atlantico",
    "Karpaty",
    "Adria",
    "Vlaanderen",
    "Toscana",
    "Bohemia",
    "Lappi",
    "Provence",
    "Silesia",
]
TRADES = [
    "Metalworks",
    "Textiles",
    "Foods",
    "Logistics",
    "Print",
    "Software",
    "Ceramics",
    "Furniture",
    "Engineering",
    "Energy",
]
COUNTRIES = [
    Country.BE,
    Country.NL,
    Country.DE,
    Country.FR,
    Country.IT,
    Country.ES,
    Country.PL,
    Country.SE,
    Country.AT,
    Country.CZ,
    Country.FI,
    Country.PT,
    Country.MT,
]
SIZES = [SizeClass.MICRO] * 4 + [SizeClass.SMALL] * 4 + [SizeClass.MEDIUM] * 2 + [SizeClass.LARGE]
SECTORS = ["C", "C28", "F", "G", "H", "J", "M", "Q", "I", "K"]
DEMO_SUPPORTERS = 150

PROFILES = {
    "Vandenberghe Machine Tools": {
        "strategy": "We build machine tools that last, and we want our suppliers, staff and "
        "neighbours to be better off for working with us.\n\n"
        "- Energy use per machine down by a third by 2030\n- Every apprentice mentored",
        "initiatives": "An **energy-monitoring kit** fitted to every machine we sell, and a "
        "repair-and-retrofit service that keeps older machines in use.",
        "results": "Since 2024 our customers' machines used 18% less energy on average.",
        "states_support": True,
    },
    "Atelier Lumière": {
        "strategy": "A small lighting workshop: we design for repair and buy locally.",
        "best_practices": "Our suppliers' checklist is in the knowledge centre.",
        "states_support": False,
    },
}


def seed() -> int:
    """Create the demo supporters once; returns how many declarations exist afterwards."""
    rng = random.Random(2006)  # noqa: S311 — demo data; the same every time
    sectors = {s.code: s for s in Sector.objects.filter(code__in=SECTORS)}
    themes = list(Theme.objects.all())
    now = timezone.now()
    with transaction.atomic():
        for n in range(DEMO_SUPPORTERS):
            name = f"{PLACES[n % len(PLACES)]} {TRADES[(n // len(PLACES)) % len(TRADES)]}"
            if n >= len(PLACES) * len(TRADES):
                name = f"{name} {n}"
            organisation, created = Organisation.objects.get_or_create(
                name=name,
                defaults={
                    "kind": OrganisationKind.ENTERPRISE,
                    "size_class": rng.choice(SIZES),
                    "country": rng.choice(COUNTRIES),
                    "sector": sectors.get(rng.choice(SECTORS)),
                },
            )
            if not created:
                continue
            at = now - dt.timedelta(days=rng.randint(0, 540), hours=rng.randint(0, 23))
            services.support_record(
                organisation=organisation,
                statement="",
                priority_areas=rng.sample(themes, k=rng.randint(0, 3)),
                at=at,
            )
            if rng.random() < 0.3 and themes:
                CoalitionMember.objects.get_or_create(
                    coalition=rng.choice(themes).coalition, organisation=organisation
                )
        for name, fields in PROFILES.items():
            organisation = Organisation.objects.filter(name=name).first()
            if organisation is None:
                continue
            # Only an enterprise or business association declares (MAY_DECLARE_SUPPORT).
            states_support = fields["states_support"] and may_declare_support(organisation)
            if states_support and not hasattr(organisation, "support_declaration"):
                services.support_record(organisation=organisation, priority_areas=themes[6:8])
            Profile.objects.get_or_create(
                organisation=organisation,
                defaults={**fields, "states_support": states_support, "published": True},
            )
    return SupportDeclaration.objects.count()


def link_laboratories() -> None:
    """Each coalition that names no laboratory yet gets the forum's laboratory body of its
    priority area, if the forum demo made one. Run after the forum's demo."""
    for body in Body.objects.filter(kind=BodyKind.LABORATORY, theme__isnull=False):
        Coalition.objects.filter(theme_id=body.theme_id, laboratory__isnull=True).update(
            laboratory=body
        )
