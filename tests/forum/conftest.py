"""Forum fixtures: the Forum with a business member (alice), a trade-union member (bob), and a
meeting of it; the `secretariat` fixture (tests/conftest.py) manages every body."""

from __future__ import annotations

import pytest

from forum.models import Body, BodyKind, Constituency, Meeting, Member
from tests.forum.factories import MeetingFactory, MemberFactory


@pytest.fixture
def forum_body(db) -> Body:
    return Body.objects.create(name="European Multistakeholder Forum on CSR", kind=BodyKind.FORUM)


@pytest.fixture
def alice_member(forum_body, alice) -> Member:
    return MemberFactory(body=forum_body, user=alice, constituency=Constituency.BUSINESS)


@pytest.fixture
def bob_member(forum_body, bob) -> Member:
    return MemberFactory(body=forum_body, user=bob, constituency=Constituency.TRADE_UNIONS)


@pytest.fixture
def meeting(forum_body) -> Meeting:
    return MeetingFactory(body=forum_body, title="Review meeting on the Forum's recommendations")


@pytest.fixture
def public_meeting(forum_body) -> Meeting:
    return MeetingFactory(body=forum_body, title="Open review meeting", visibility="public")
