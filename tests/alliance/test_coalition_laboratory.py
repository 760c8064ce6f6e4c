"""A coalition names its laboratory (a forum body): joining the coalition offers to join the
laboratory as a second step, and leaving it offers to leave the laboratory."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from alliance import selectors
from alliance.models import Coalition, CoalitionMember
from forum.models import Body, BodyKind, Member
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition():
    return Coalition.objects.get(theme__slug="eco-efficiency")


@pytest.fixture
def laboratory(coalition):
    body = Body.objects.create(name="Eco-efficiency laboratory", kind=BodyKind.FORUM)
    coalition.laboratory = body
    coalition.save(update_fields=["laboratory"])
    return body


def _url(name, coalition):
    return reverse(f"alliance:{name}", args=[coalition.theme.slug])


def test_the_named_laboratory_comes_before_the_one_of_the_priority_area(coalition, laboratory):
    Body.objects.create(name="Older lab", kind=BodyKind.LABORATORY, theme=coalition.theme)

    assert selectors.laboratory_of(coalition) == laboratory


def test_joining_with_the_box_ticked_leads_to_the_laboratory(
    alice_client, org_a, coalition, laboratory
):
    page = alice_client.get(_url("coalition", coalition)).content.decode()
    assert "Also join its laboratory, Eco-efficiency laboratory" in page

    response = alice_client.post(
        _url("coalition_join", coalition), {"organisation": org_a.slug, "laboratory": "on"}
    )

    assert CoalitionMember.objects.filter(coalition=coalition, organisation=org_a).exists()
    target = urlsplit(response.url)
    assert target.path == reverse("forum:body_join", args=[laboratory.slug])
    query = parse_qs(target.query)
    assert query == {"next": [coalition.get_absolute_url()], "organisation": [org_a.slug]}
    # The second step names the organisation already, and comes back to the coalition.
    laboratory.open_joining = True
    laboratory.save()
    done = alice_client.post(response.url, {"organisation": org_a.slug, "constituency": "business"})
    assert done.url == coalition.get_absolute_url()
    assert Member.objects.get(body=laboratory).organisation == org_a


def test_joining_without_the_box_stays_on_the_coalition(alice_client, org_a, coalition, laboratory):
    response = alice_client.post(_url("coalition_join", coalition), {"organisation": org_a.slug})

    assert response.url == coalition.get_absolute_url()


def test_leaving_with_the_box_ticked_offers_to_leave_the_laboratory(
    alice, alice_client, org_a, coalition, laboratory
):
    CoalitionMember.objects.create(coalition=coalition, organisation=org_a)
    MemberFactory(body=laboratory, user=alice, start_date=timezone.localdate() - timedelta(days=10))
    page = alice_client.get(_url("coalition", coalition)).content.decode()
    assert "Also leave its laboratory" in page

    response = alice_client.post(
        _url("coalition_leave", coalition), {"organisation": org_a.slug, "laboratory": "on"}
    )

    assert urlsplit(response.url).path == reverse("forum:body_leave", args=[laboratory.slug])
    alice_client.post(response.url)
    assert not Member.objects.active().filter(body=laboratory, user=alice).exists()


def test_a_coalition_without_laboratory_offers_nothing(alice_client, org_a, coalition):
    page = alice_client.get(_url("coalition", coalition)).content.decode()

    assert "Also join its laboratory" not in page
