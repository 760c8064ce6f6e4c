"""``forum.prepared.PreparedRead``: a read compiled once per process answers what the ORM's
read answers, for every value, in one query; where it cannot bind values safely it is the
ORM's read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from forum.models import Member, MemberRole
from forum.prepared import PreparedRead
from tests.forum.factories import BodyFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _roles(user_id: int, body_id: int, on: date):
    return (
        Member.objects.active(on)
        .filter(user_id=user_id, body_id=body_id)
        .order_by()
        .values_list("role", "user_id")
    )


def test_it_answers_as_the_orm_for_every_value(
    forum_body, alice, bob, alice_member, django_assert_num_queries
):
    other = BodyFactory()
    MemberFactory(body=other, user=bob, role=MemberRole.OBSERVER)
    read = PreparedRead(Member, _roles, user_id=-1, body_id=-2, on=date(1901, 1, 1))
    today = timezone.localdate()
    cases = [
        (alice.pk, forum_body.pk, today),
        (bob.pk, other.pk, today),
        (bob.pk, forum_body.pk, today),
        (alice.pk, forum_body.pk, alice_member.start_date - timedelta(days=1)),
    ]
    read.rows(user_id=alice.pk, body_id=forum_body.pk, on=today)  # compiled here
    for user_id, body_id, on in cases:
        with django_assert_num_queries(1):
            found = read.rows(user_id=user_id, body_id=body_id, on=on)
        assert found == list(_roles(user_id, body_id, on))
    assert read._compiled  # the statement was kept, not the ORM's fallback
    assert all(isinstance(kept, tuple) for kept in read._compiled.values())


def test_a_value_that_does_not_reach_the_statement_falls_back_to_the_orm(forum_body, alice):
    # The stand-in for "on" is never a parameter: binding by position would be unsafe.
    read = PreparedRead(
        Member,
        lambda user_id, body_id, on: _roles(user_id, body_id, timezone.localdate()),
        user_id=-1,
        body_id=-2,
        on=date(1901, 1, 1),
    )
    MemberFactory(body=forum_body, user=alice)

    assert read.rows(user_id=alice.pk, body_id=forum_body.pk, on=date(2000, 1, 1)) == [
        ("member", alice.pk)
    ]
    assert not any(isinstance(kept, tuple) for kept in read._compiled.values())


def test_none_is_refused(alice):
    read = PreparedRead(Member, _roles, user_id=-1, body_id=-2, on=date(1901, 1, 1))
    with pytest.raises(ValueError):
        read.rows(user_id=alice.pk, body_id=None, on=timezone.localdate())
