"""A body's page takes what every viewer sees alike from the shared cache
(``selectors.body_page_parts`` and the meeting lists' fragment): these tests pin that the
viewer's own standing still decides which meetings show, and that changes show at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import Member, MemberPreferences
from tests.forum.factories import MeetingFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def meetings(forum_body):
    return (
        MeetingFactory(body=forum_body, title="Closed working session"),
        MeetingFactory(body=forum_body, title="Open plenary on due diligence", visibility="public"),
    )


@pytest.mark.usefixtures("cache_on", "meetings")
@pytest.mark.parametrize("member_first", [True, False])
def test_members_only_meetings_stay_hidden_from_outsiders_whoever_filled_the_cache(
    member_first, forum_body, alice_client, alice_member, charlie_client
):
    url = forum_body.get_absolute_url()
    order = [alice_client, charlie_client] if member_first else [charlie_client, alice_client]
    pages = {id(client): client.get(url).content.decode() for client in order}
    member, outsider = pages[id(alice_client)], pages[id(charlie_client)]

    assert "Closed working session" in member and "Open plenary on due diligence" in member
    assert "Open plenary on due diligence" in outsider
    assert "Closed working session" not in outsider
    assert "You are a member of this body." in member
    assert "You are a member of this body." not in outsider
    # The members-only cards are kept rendered with the members' lists only.
    assert "Members by constituency" in member and "Open action items" in member
    assert "Members by constituency" not in outsider and "Open action items" not in outsider


def test_a_second_view_reads_only_the_viewers_standing(
    settings, forum_body, alice_client, alice_member, meetings
):
    url = forum_body.get_absolute_url()
    alice_client.get(url)  # the session in place
    settings.PAGE_CACHE_SECONDS = 300
    first = queries_for(alice_client, url)

    with CaptureQueriesContext(connection) as second:
        alice_client.get(url)

    # The body, the count of recommendations, the constituencies, the open action items and
    # the rendered lists of upcoming and past meetings come from the shared cache: what is
    # left is the session's user and the viewer with their standing in the body.
    assert first == 8
    assert len(second) == 2
    assert not [q for q in second.captured_queries if q["sql"].startswith('SELECT "forum_meeting"')]


@pytest.mark.usefixtures("cache_on")
def test_a_registration_through_the_services_shows_at_once(
    forum_body,
    alice_client,
    alice_member,
    bob,
    bob_member,
    meetings,
    django_capture_on_commit_callbacks,
):
    _closed, public = meetings
    url = forum_body.get_absolute_url()
    before = alice_client.get(url)
    assert {m.title: m.registered for m in before.context["upcoming"]}[public.title] == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_register(meeting=public, user=bob)

    after = alice_client.get(url)
    assert {m.title: m.registered for m in after.context["upcoming"]}[public.title] == 1


@pytest.mark.usefixtures("cache_on")
def test_an_action_item_added_through_the_services_shows_to_members_at_once(
    forum_body,
    alice_client,
    alice_member,
    charlie_client,
    meetings,
    secretariat,
    django_capture_on_commit_callbacks,
):
    url = forum_body.get_absolute_url()
    assert "Send the draft to the chair" not in alice_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.action_item_add(
            meeting=meetings[0],
            by=secretariat,
            title="Send the draft to the chair",
            owner=alice_member.user,
            due_date=timezone.localdate() + timedelta(days=7),
        )

    assert "Send the draft to the chair" in alice_client.get(url).content.decode()
    # Kept with what every viewer shares, shown to members only.
    assert "Send the draft to the chair" not in charlie_client.get(url).content.decode()


@pytest.mark.usefixtures("cache_on", "meetings")
def test_the_kept_meeting_lists_follow_the_viewers_language_and_time_zone(
    forum_body, alice_client, alice_member
):
    url = forum_body.get_absolute_url()
    english = alice_client.get(url).content.decode()
    assert "Upcoming meetings" in english
    assert "in your time zone (" not in english

    MemberPreferences.objects.update_or_create(
        user=alice_member.user, defaults={"time_zone": "America/New_York"}
    )
    assert "in your time zone (" in alice_client.get(url).content.decode()
    assert "Upcoming meetings" not in alice_client.get("/nl" + url).content.decode()


@pytest.mark.usefixtures("cache_on", "meetings")
def test_a_member_who_leaves_sees_only_public_meetings_on_the_next_request(
    forum_body, alice, alice_client, alice_member, django_capture_on_commit_callbacks
):
    url = forum_body.get_absolute_url()
    assert "Closed working session" in alice_client.get(url).content.decode()

    # Past the services, so nothing tells the cache: the standing is read afresh.
    Member.objects.filter(pk=alice_member.pk).update(
        start_date=timezone.localdate() - timedelta(days=10),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    html = alice_client.get(url).content.decode()

    assert "Closed working session" not in html
    assert "Open plenary on due diligence" in html
    assert "You are a member of this body." not in html
