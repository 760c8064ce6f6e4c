"""A recommendation's page is public; who raised it names organisations only to the body's
members and secretariat (found by the site-wide canary: an organisation's name, supporter of the
Alliance or not, must not show to anonymous visitors or other organisations)."""

from __future__ import annotations

import pytest

from forum import services
from forum.models import Constituency
from tests.conftest import client_for
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendation(secretariat, forum_body, alice, org_a):
    member = MemberFactory(
        body=forum_body, user=alice, organisation=org_a, constituency=Constituency.BUSINESS
    )
    return services.recommendation_create(
        body=forum_body,
        by=secretariat,
        reference="R7",
        title="Due diligence reporting",
        text="Members report on due diligence.",
        raised_by=[member],
    )


def test_outsiders_see_the_constituency_but_not_the_organisation(recommendation, client, bob):
    for viewer in (client, client_for(bob)):
        page = viewer.get(recommendation.get_absolute_url()).content.decode()

        assert "Due diligence reporting" in page
        assert "Raised by:" in page and "Business" in page
        assert "Organisation A" not in page


def test_members_and_the_secretariat_see_the_organisation(
    recommendation, alice, secretariat, charlie
):
    MemberFactory(body=recommendation.body, user=charlie, constituency=Constituency.RESEARCH)

    for user in (alice, charlie, secretariat):
        page = client_for(user).get(recommendation.get_absolute_url()).content.decode()

        assert "Business (Organisation A)" in page
