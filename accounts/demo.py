"""Demo people and organisations for `seed_demo`. Names and companies are invented."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol

from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Sector


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: str
    size_class: str
    country: str
    sector: str | None
    website: str


@dataclass(frozen=True)
class DemoPerson:
    email: str
    name: str
    organisation: str | None = None
    role: str = Role.MEMBER
    staff: bool = False


ORGANISATIONS = [
    DemoOrganisation(
        "A",
        "Vandenberghe Machine Tools",
        OrganisationKind.ENTERPRISE,
        SizeClass.MEDIUM,
        Country.BE,
        "C28",
        "https://vandenberghe.example.org",
    ),
    DemoOrganisation(
        "B",
        "Atelier Lumière",
        OrganisationKind.ENTERPRISE,
        SizeClass.SMALL,
        Country.FR,
        "C",
        "https://atelier-lumiere.example.org",
    ),
    DemoOrganisation(
        "C",
        "Hoffmann Präzision",
        OrganisationKind.ENTERPRISE,
        SizeClass.LARGE,
        Country.DE,
        "C28",
        "",
    ),
    DemoOrganisation(
        "D", "Noordzee Logistiek", OrganisationKind.ENTERPRISE, SizeClass.MICRO, Country.NL, "H", ""
    ),
    DemoOrganisation(
        "E",
        "Machine Tool Makers' Association",
        OrganisationKind.ASSOCIATION,
        SizeClass.SMALL,
        Country.BE,
        "C28",
        "",
    ),
]

PEOPLE = [
    DemoPerson("alice@example.org", "Alice Vandenberghe", "A", Role.ADMIN),
    DemoPerson("bob@example.org", "Bob Martin", "B", Role.MEMBER),
    DemoPerson("beatrice@example.org", "Béatrice Laurent", "B", Role.ADMIN),
    DemoPerson("clara@example.org", "Clara Hoffmann", "C", Role.ADMIN),
    DemoPerson("daan@example.org", "Daan de Vries", "D", Role.ADMIN),
    DemoPerson("emile@example.org", "Émile Peeters", "E", Role.ADMIN),
    DemoPerson("charlie@example.org", "Charlie Novak"),
    # Put in the Forum secretariat group by the forum's demo.
    DemoPerson("secretariat@example.org", "Sam Secretariat"),
    DemoPerson("staff@example.org", "Stella Staff", staff=True),
]


class Describes(Protocol):
    """What a demo organisation says about itself, here and in other apps' demos."""

    name: str
    kind: str
    size_class: str
    country: str


def organisation_for(demo: Describes, *, sector: str | None, website: str = "") -> Organisation:
    """The organisation named ``demo.name``, made the first time as ``demo`` describes it."""
    organisation = Organisation.objects.filter(name=demo.name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=demo.name,
            kind=demo.kind,
            size_class=demo.size_class,
            country=demo.country,
            sector=Sector.objects.filter(code=sector).first(),
            website=website,
        )
    return organisation


def seed() -> list[tuple[str, str | None]]:
    """Create the demo organisations and people. Idempotent.

    Returns (email, password) for each person; the password is ``None`` for people who
    existed already, since passwords are shown only once, when they are made.
    """
    created_people: list[tuple[str, str | None]] = []
    with transaction.atomic():
        organisations: dict[str, Organisation] = {}
        for demo in ORGANISATIONS:
            organisations[demo.key] = organisation_for(
                demo, sector=demo.sector, website=demo.website
            )
        for person in PEOPLE:
            user = User.objects.filter(email=person.email).first()
            password = None
            if user is None:
                password = secrets.token_urlsafe(12)
                user = User.objects.create_user(
                    person.email,
                    password,
                    name=person.name,
                    is_staff=person.staff,
                    is_superuser=person.staff,
                )
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if person.organisation:
                Membership.objects.get_or_create(
                    user=user,
                    organisation=organisations[person.organisation],
                    defaults={"role": person.role},
                )
            created_people.append((person.email, password))
    return created_people
