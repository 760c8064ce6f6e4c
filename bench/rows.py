"""Rows for the query counts, made with the models and services. Import it once Django is set up.

The bench makes its own rows rather than borrow the test factories: it imports nothing from
``tests/``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from alliance import services
from commitments.models import Action, Pledge
from forum.models import (
    Body,
    BodyKind,
    Constituency,
    Meeting,
    Member,
    MemberPreferences,
    MemberRole,
)
from knowledge.models import Practice, Status
from taxonomy.choices import Country, SizeClass
from taxonomy.models import Theme

_numbers = itertools.count(1)


def person() -> Any:
    number = next(_numbers)
    user = User.objects.create(email=f"person{number}@example.org", name=f"Person {number}")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def organisation(**fields: Any) -> Any:
    fields = {
        "kind": OrganisationKind.ENTERPRISE,
        "size_class": SizeClass.SMALL,
        "country": Country.BE,
        **fields,
    }
    return Organisation.objects.create(name=f"Organisation {next(_numbers)}", **fields)


def membership() -> Any:
    return Membership.objects.create(user=person(), organisation=organisation(), role=Role.MEMBER)


def supporters(count: int) -> None:
    for _ in range(count):
        services.support_record(organisation=organisation(), priority_areas=[])


def body(name: str) -> Any:
    return Body.objects.create(name=name, kind=BodyKind.FORUM)


def meeting(body: Any, **fields: Any) -> Any:
    starts_at = timezone.now() + dt.timedelta(days=10)
    return Meeting.objects.create(
        body=body,
        title=f"Review meeting {next(_numbers)}",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        time_zone="Europe/Brussels",
        place="Brussels, Berlaymont",
        reminder_hours=[168, 24],
        **fields,
    )


def member(body: Any) -> Any:
    user = person()
    MemberPreferences.objects.get_or_create(user=user)
    return Member.objects.create(
        body=body,
        user=user,
        constituency=Constituency.BUSINESS,
        role=MemberRole.MEMBER,
        start_date=timezone.localdate() - dt.timedelta(days=30),
    )


def pledge(framework: Any, code: str) -> Any:
    """A pledge of a new enterprise on action ``code`` ("1.1") of ``framework``."""
    commitment, number = (int(part) for part in code.split("."))
    target = Action.objects.get(
        commitment__framework=framework, commitment__number=commitment, number=number
    )
    return Pledge.objects.create(
        organisation=organisation(),
        framework=framework,
        action=target,
        target_date=dt.date(2027, 6, 30),
    )


def practice(*, themes: list[str]) -> Any:
    number = next(_numbers)
    made = Practice.objects.create(
        title=f"Practice number {number}",
        summary=f"A summary of practice {number} about responsible business.",
        body="Some **Markdown** body.",
        type="guide",
        language="en",
        status=Status.PUBLISHED,
        published_at=timezone.now(),
    )
    made.themes.set(Theme.objects.filter(slug__in=themes))
    return made
