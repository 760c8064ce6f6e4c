"""Scheduling, changing and cancelling meetings; who sees them; recurring series; the reads
other apps use (Meeting.objects.upcoming(), Body.objects.for_theme())."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Body, BodyKind, Meeting, MeetingStatus, MemberRole
from taxonomy.models import Theme
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Review meeting: progress on CSR in the EU",
    "description": "Taking stock of the Forum's recommendations.",
    "starts": "2031-10-27T10:00",
    "ends": "2031-10-27T13:00",
    "time_zone": "Europe/Brussels",
    "place": "Brussels, Charlemagne building",
    "online_url": "https://meet.example.org/forum",
    "capacity": "40",
    "status": "planned",
    "visibility": "public",
    "reminder_hours": ["168", "24"],
}


def _create_url(body):
    return reverse("forum:meeting_create", args=[body.slug])


def test_secretariat_schedules_a_meeting_in_its_own_time_zone(secretariat, forum_body):
    response = client_for(secretariat).post(_create_url(forum_body), FORM)

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    # 27 October 2031 is after the autumn change: Brussels is UTC+1.
    assert meeting.starts_at == datetime(2031, 10, 27, 9, 0, tzinfo=UTC)
    assert meeting.time_zone == "Europe/Brussels"
    assert meeting.reminder_hours == [168, 24]
    assert meeting.capacity == 40


def test_meeting_page_shows_the_meetings_zone_and_the_viewers(secretariat, forum_body, alice):
    client_for(secretariat).post(_create_url(forum_body), FORM)
    meeting = Meeting.objects.get()
    MemberFactory(body=forum_body, user=alice)
    services.preferences_update(user=alice, digest_frequency="weekly", time_zone="Asia/Tokyo")

    page = client_for(alice).get(meeting.get_absolute_url()).content.decode()

    assert "Mon 27 Oct 2031, 10:00</time>–13:00" in page
    assert "Europe/Brussels" in page
    assert "Mon 27 Oct 2031, 18:00–21:00 in your time zone (Asia/Tokyo)" in page


def test_a_time_that_does_not_exist_is_refused(secretariat, forum_body):
    data = {**FORM, "starts": "2031-03-30T02:30", "ends": "2031-03-30T04:00"}

    response = client_for(secretariat).post(_create_url(forum_body), data)

    assert response.status_code == 400
    assert "the clocks go forward" in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_must_end_after_it_starts(secretariat, forum_body):
    data = {**FORM, "ends": "2031-10-27T09:00"}

    response = client_for(secretariat).post(_create_url(forum_body), data)

    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()


def test_body_secretariat_member_schedules_but_ordinary_member_gets_403(forum_body, alice, bob):
    MemberFactory(body=forum_body, user=alice, role=MemberRole.SECRETARIAT)
    MemberFactory(body=forum_body, user=bob, role=MemberRole.CHAIR)

    assert client_for(alice).post(_create_url(forum_body), FORM).status_code == 302
    assert client_for(bob).post(_create_url(forum_body), FORM).status_code == 403
    assert Meeting.objects.count() == 1


def test_schedule_needs_sign_in(client, forum_body):
    response = client.get(_create_url(forum_body))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_schedule_for_a_missing_body_is_404(secretariat):
    assert client_for(secretariat).get(_create_url(Body(slug="nope-abc"))).status_code == 404


def test_members_only_meeting_is_404_for_outsiders_and_public_one_is_open(
    client, charlie_client, alice_client, alice_member, meeting, public_meeting
):
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert charlie_client.get(meeting.get_absolute_url()).status_code == 404
    assert alice_client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(public_meeting.get_absolute_url()).status_code == 200


def test_former_members_lose_members_only_meetings(meeting, charlie):
    MemberFactory(
        body=meeting.body,
        user=charlie,
        start_date=timezone.localdate() - timedelta(days=100),
        end_date=timezone.localdate() - timedelta(days=1),
    )
    assert client_for(charlie).get(meeting.get_absolute_url()).status_code == 404


def test_editing_reminder_and_time_through_the_page(secretariat, meeting):
    data = {
        **FORM,
        "visibility": "members",
        "starts": "2031-11-03T10:00",
        "ends": "2031-11-03T12:00",
    }

    response = client_for(secretariat).post(reverse("forum:meeting_edit", args=[meeting.uid]), data)

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert meeting.starts_at == datetime(2031, 11, 3, 9, 0, tzinfo=UTC)
    assert meeting.sequence == 1


def test_member_cannot_edit_a_meeting(alice_client, alice_member, meeting):
    url = reverse("forum:meeting_edit", args=[meeting.uid])
    assert alice_client.get(url).status_code == 403


def test_cancel_asks_first_then_cancels(secretariat, meeting):
    client = client_for(secretariat)
    url = reverse("forum:meeting_cancel", args=[meeting.uid])

    page = client.get(url)
    assert page.status_code == 200
    assert "Cancel meeting" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED

    assert client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


def test_upcoming_leaves_out_past_and_cancelled_meetings(forum_body):
    now = timezone.now()
    past = MeetingFactory(body=forum_body, starts_at=now - timedelta(days=3))
    running = MeetingFactory(
        body=forum_body,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(minutes=30),
    )
    soon = MeetingFactory(body=forum_body, starts_at=now + timedelta(days=1))
    MeetingFactory(
        body=forum_body, starts_at=now + timedelta(days=2), status=MeetingStatus.CANCELLED
    )

    assert list(Meeting.objects.upcoming()) == [running, soon]
    assert past in Meeting.objects.past()


def test_for_theme_finds_the_coalition_laboratory():
    theme = Theme.objects.get(slug="skills-employability")
    laboratory = Body.objects.create(
        name="Laboratory on skills for employability", kind=BodyKind.LABORATORY, theme=theme
    )
    meeting = MeetingFactory(body=laboratory, visibility="public")

    assert Body.objects.for_theme(theme) == laboratory
    assert Body.objects.for_theme(Theme.objects.get(slug="sme-growth")) is None
    assert list(Meeting.objects.upcoming().public().filter(body=laboratory)) == [meeting]


def test_laboratory_needs_a_theme_and_only_one_per_theme(secretariat):
    client = client_for(secretariat)
    url = reverse("forum:body_create")
    theme = Theme.objects.get(slug="supply-chain")

    no_theme = client.post(url, {"name": "Lab", "kind": "laboratory"})
    created = client.post(url, {"name": "Lab", "kind": "laboratory", "theme": theme.pk})
    again = client.post(url, {"name": "Lab 2", "kind": "laboratory", "theme": theme.pk})

    assert no_theme.status_code == 400
    assert created.status_code == 302
    assert again.status_code == 400
    assert Body.objects.count() == 1


@time_machine.travel(datetime(2031, 1, 5, 9, 0, tzinfo=UTC), tick=False)
def test_series_creates_its_meetings_ahead_and_extending_is_idempotent(secretariat, forum_body):
    response = client_for(secretariat).post(
        reverse("forum:series_create", args=[forum_body.slug]),
        {
            "title": "Coordination group of focal persons",
            "first_date": "2031-01-14",
            "start_time": "10:00",
            "duration_minutes": "120",
            "time_zone": "Europe/Zurich",
            "interval_months": "2",
            "place": "Geneva",
            "visibility": "members",
        },
    )

    assert response.status_code == 302
    series = forum_body.series.get()
    months = [m.local_starts_at.month for m in series.meetings.order_by("starts_at")]
    assert months == [1, 3, 5, 7, 9, 11]
    assert services.series_extend(series=series) == 0
    with time_machine.travel(datetime(2031, 3, 20, 9, 0, tzinfo=UTC), tick=False):
        # January and March 2032 come within the twelve months ahead.
        assert services.series_extend(series=series) == 2
    assert series.meetings.count() == 8
