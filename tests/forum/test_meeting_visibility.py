"""Who sees a meeting's page, with the shared cache on: the meeting and what every viewer
shares come from one cache entry whoever filled it, while the viewer's standing is read on
every request (``selectors.get_meeting_page``). A members-only meeting, its papers and its
minutes must never show to a person outside the body, and a change of membership or of the
secretariat group counts on the next request, without any change that empties the cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import SECRETARIAT_GROUP, Member, MemberRole
from tests.conftest import client_for
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db

PAPER = "Draft opinion on supply chains"
MINUTES = "The members agreed to write to the Commission."


@pytest.fixture(autouse=True)
def _cache_on(settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def closed(meeting, secretariat, django_capture_on_commit_callbacks):
    """The members-only meeting, with a paper and published minutes."""
    with django_capture_on_commit_callbacks(execute=True):
        services.document_upload(
            meeting=meeting,
            by=secretariat,
            title=PAPER,
            upload=SimpleUploadedFile("paper.pdf", b"%PDF-1.4 paper"),
        )
        minutes = services.minutes_save(
            meeting=meeting, by=secretariat, kind="minutes", text=MINUTES
        )
        services.minutes_publish(minutes=minutes, by=secretariat, confirm_future=True)
    assert not meeting.is_public
    return meeting


def _shows(client: Client, meeting) -> bool:
    response = client.get(meeting.get_absolute_url())
    assert response.status_code in (200, 404), response.status_code
    html = response.content.decode()
    if response.status_code == 404:
        assert PAPER not in html and MINUTES not in html and meeting.title not in html
        return False
    return True


@pytest.mark.parametrize("filled_by", ["member", "secretariat"])
def test_outsiders_and_visitors_get_404_whoever_filled_the_cache(
    filled_by, closed, alice_client, alice_member, secretariat, charlie_client, client
):
    first = alice_client if filled_by == "member" else client_for(secretariat)
    assert _shows(first, closed)

    assert not _shows(charlie_client, closed)
    assert not _shows(client, closed)
    # The paper itself too.
    download = reverse("forum:document_download", args=[closed.documents.get().uid, 1])
    assert first.get(download).status_code == 200
    assert charlie_client.get(download).status_code == 404


def test_members_in_every_role_see_it_and_its_papers(
    closed, forum_body, alice_client, alice_member, bob
):
    MemberFactory(body=forum_body, user=bob, role=MemberRole.INFORMED)
    informed = client_for(bob)

    for who in (alice_client, informed):
        html = who.get(closed.get_absolute_url()).content.decode()
        assert PAPER in html and MINUTES in html
    # Informed-only members read, but do not attend: no registration buttons for them.
    informed_page = informed.get(closed.get_absolute_url())
    assert informed_page.context["can_register"] is False
    assert ">Register</button>" not in informed_page.content.decode()


def test_the_secretariat_group_and_superusers_see_it_without_being_members(
    closed, secretariat, staff, charlie_client
):
    _shows(charlie_client, closed)  # an outsider fills the cache first

    for user in (secretariat, staff):
        response = client_for(user).get(closed.get_absolute_url())
        assert response.status_code == 200
        assert response.context["can_manage"] is True
        assert PAPER in response.content.decode()


def test_leaving_the_body_hides_it_on_the_next_request(
    closed, forum_body, alice, alice_client, django_capture_on_commit_callbacks
):
    Member.objects.filter(user=alice, body=forum_body).delete()
    MemberFactory(body=forum_body, user=alice, start_date=timezone.localdate() - timedelta(days=30))
    assert _shows(alice_client, closed)

    with django_capture_on_commit_callbacks(execute=True):
        services.member_leave(body=forum_body, user=alice)

    assert not _shows(alice_client, closed)


def test_a_membership_change_that_empties_no_cache_counts_at_once(
    closed, forum_body, alice, alice_client, alice_member
):
    # Written past the services, so nothing tells the cache: the standing is read afresh.
    assert _shows(alice_client, closed)
    Member.objects.filter(pk=alice_member.pk).update(
        start_date=timezone.localdate() - timedelta(days=10),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    assert not _shows(alice_client, closed)

    Member.objects.filter(pk=alice_member.pk).update(end_date=None)
    assert _shows(alice_client, closed)


def test_a_membership_ending_today_ends_at_midnight(closed, alice_client, alice_member):
    Member.objects.filter(pk=alice_member.pk).update(
        start_date=timezone.localdate() - timedelta(days=10), end_date=timezone.localdate()
    )
    assert _shows(alice_client, closed)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert not _shows(alice_client, closed)


def test_leaving_the_secretariat_group_hides_it_on_the_next_request(closed, secretariat):
    client = client_for(secretariat)
    assert _shows(client, closed)

    secretariat.groups.remove(Group.objects.get(name=SECRETARIAT_GROUP))

    assert not _shows(client, closed)


def test_a_public_meeting_made_members_only_hides_at_once(
    public_meeting,
    secretariat,
    charlie_client,
    alice_client,
    alice_member,
    django_capture_on_commit_callbacks,
):
    assert _shows(charlie_client, public_meeting)
    assert _shows(alice_client, public_meeting)

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=public_meeting, by=secretariat, visibility="members")

    assert not _shows(charlie_client, public_meeting)
    assert _shows(alice_client, public_meeting)


def test_draft_minutes_stay_hidden_from_members_after_the_secretariat_saw_them(
    meeting, secretariat, alice_client, alice_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_save(meeting=meeting, by=secretariat, kind="minutes", text=MINUTES)
    assert MINUTES in client_for(secretariat).get(meeting.get_absolute_url()).content.decode()

    member = alice_client.get(meeting.get_absolute_url())

    assert member.context["minutes"] is None
    assert MINUTES not in member.content.decode()


def test_a_public_meeting_shows_members_only_parts_to_members_only(
    public_meeting, alice_client, alice_member, charlie_client, client
):
    assert "balance" in alice_client.get(public_meeting.get_absolute_url()).context
    for outsider in (charlie_client, client):
        response = outsider.get(public_meeting.get_absolute_url())
        assert response.status_code == 200
        assert "balance" not in response.context and "action_items" not in response.context
