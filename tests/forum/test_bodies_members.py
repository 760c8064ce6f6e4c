"""Bodies and their members: who may create, see and manage them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

import pagecache
from forum import services
from forum.models import Body, MemberPreferences, MemberRole
from tests.conftest import client_for
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _members_url(body):
    return reverse("forum:members", args=[body.slug])


def test_secretariat_group_creates_a_body(secretariat):
    response = client_for(secretariat).post(
        reverse("forum:body_create"),
        {
            "name": "Coordination Group of the InFocus Initiative on CSR",
            "kind": "coordination-group",
        },
    )

    body = Body.objects.get()
    assert response.status_code == 302
    assert response.url == body.get_absolute_url()
    assert body.slug.startswith("coordination-group-of-the-infocus")


def test_others_cannot_create_bodies(alice_client, client):
    url = reverse("forum:body_create")
    assert alice_client.get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_editing_a_body_saves_it_and_renews_the_forum_pages(
    secretariat, forum_body, settings, django_capture_on_commit_callbacks
):
    # The service renews the pages, not the view (pagecache/).
    settings.PAGE_CACHE_SECONDS = 300
    before = {area: pagecache.version(area) for area in ("forum", "knowledge")}

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(
            reverse("forum:body_edit", args=[forum_body.slug]),
            {"name": "The Forum, renamed", "kind": forum_body.kind, "description": "New."},
        )

    assert response.status_code == 302
    forum_body.refresh_from_db()
    assert (forum_body.name, forum_body.description) == ("The Forum, renamed", "New.")
    assert pagecache.version("forum") != before["forum"]
    assert pagecache.version("knowledge") == before["knowledge"]


def test_only_a_manager_edits_a_body(alice, alice_member, forum_body):
    with pytest.raises(PermissionDenied):
        services.body_update(body=forum_body, by=alice, name="Taken over")
    forum_body.refresh_from_db()
    assert forum_body.name == "European Multistakeholder Forum on CSR"


def test_body_page_is_public_but_its_members_are_not(client, forum_body, alice_member):
    page = client.get(forum_body.get_absolute_url())
    assert page.status_code == 200
    assert "Members by constituency" not in page.content.decode()
    assert client.get(_members_url(forum_body)).status_code == 302


def test_outsider_gets_404_on_the_member_list(charlie_client, forum_body):
    assert charlie_client.get(_members_url(forum_body)).status_code == 404


def test_member_reads_the_list_but_cannot_add(alice_client, alice_member, forum_body, charlie):
    page = alice_client.get(_members_url(forum_body))
    assert page.status_code == 200
    assert "Add a member" not in page.content.decode()

    response = alice_client.post(
        reverse("forum:member_add", args=[forum_body.slug]),
        {
            "email": charlie.email,
            "constituency": "research",
            "role": "member",
            "start_date": "2031-01-01",
        },
    )
    assert response.status_code == 403


def test_body_secretariat_member_manages_members(forum_body, alice, bob):
    MemberFactory(body=forum_body, user=alice, role=MemberRole.SECRETARIAT)
    member = MemberFactory(body=forum_body, user=bob)
    client = client_for(alice)

    response = client.post(
        reverse("forum:member_edit", args=[forum_body.slug, member.uid]),
        {
            "constituency": "trade-unions",
            "role": "observer",
            "start_date": "2031-01-01",
            "end_date": "",
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.constituency, member.role) == ("trade-unions", "observer")


def test_ending_a_membership_asks_first(secretariat, forum_body, alice_member):
    client = client_for(secretariat)
    url = reverse("forum:member_end", args=[forum_body.slug, alice_member.uid])

    assert client.get(url).status_code == 200
    alice_member.refresh_from_db()
    assert alice_member.end_date is None
    assert client.post(url).status_code == 302
    alice_member.refresh_from_db()
    assert alice_member.end_date is not None


def test_member_edit_of_another_bodys_member_is_404(secretariat, forum_body):
    other = MemberFactory()
    url = reverse("forum:member_edit", args=[forum_body.slug, other.uid])
    assert client_for(secretariat).get(url).status_code == 404


def test_my_forum_page_saves_digest_frequency_and_zone(alice_client, alice, alice_member):
    response = alice_client.post(
        reverse("forum:me"), {"digest_frequency": "daily", "time_zone": "America/New_York"}
    )

    assert response.status_code == 302
    preferences = MemberPreferences.objects.get(user=alice)
    assert (preferences.digest_frequency, preferences.time_zone) == ("daily", "America/New_York")
    bad = alice_client.post(
        reverse("forum:me"), {"digest_frequency": "hourly", "time_zone": "Mars/Base"}
    )
    assert bad.status_code == 400


def test_a_membership_cannot_end_before_it_starts(secretariat, forum_body, alice_member):
    client = client_for(secretariat)
    dates = {"start_date": "2031-01-01", "end_date": "2030-12-31"}
    edit = client.post(
        reverse("forum:member_edit", args=[forum_body.slug, alice_member.uid]),
        {"constituency": "trade-unions", "role": "member", **dates},
    )
    add = client.post(
        reverse("forum:member_add", args=[forum_body.slug]),
        {"email": "new@example.org", "constituency": "research", "role": "member", **dates},
    )

    for response in (edit, add):
        assert response.status_code == 400
        assert "The end date must not be before the start date." in response.content.decode()
    alice_member.refresh_from_db()
    assert alice_member.end_date is None
    assert not forum_body.members.filter(end_date__isnull=False).exists()
