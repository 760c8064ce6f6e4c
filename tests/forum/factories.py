"""Forum test data built in code."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from forum.models import (
    Body,
    BodyKind,
    Constituency,
    Meeting,
    Member,
    MemberPreferences,
    MemberRole,
)
from tests.factories import UserFactory


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Review group {n}")
    kind = BodyKind.FORUM


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    user = factory.SubFactory(UserFactory)
    constituency = Constituency.BUSINESS
    role = MemberRole.MEMBER
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def preferences(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            MemberPreferences.objects.get_or_create(user=self.user)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Review meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    time_zone = "Europe/Brussels"
    place = "Brussels, Berlaymont"
    reminder_hours = factory.LazyFunction(lambda: [168, 24])
