"""Calendars: one meeting's .ics and the personal feed, read back by two independent parsers
(icalendar and vobject), with the meeting's own zone across a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
import vobject
from django.urls import reverse

from forum import services
from forum.models import MeetingStatus, MemberRole
from tests.conftest import client_for
from tests.forum.factories import BodyFactory, MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

GENEVA = ZoneInfo("Europe/Zurich")


def _ics(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def _series_across_dst(forum_body, secretariat):
    # Every two months at 10:00 Geneva time, from January: the March meeting is in winter
    # time (UTC+1), the May meeting in summer time (UTC+2).
    return services.series_create(
        body=forum_body,
        by=secretariat,
        title="Coordination group of focal persons",
        first_date=datetime(2031, 1, 14).date(),
        start_time=time(10, 0),
        duration=timedelta(hours=2),
        time_zone="Europe/Zurich",
        interval_months=2,
        until=datetime(2031, 7, 31).date(),
        place="Geneva, ILO headquarters",
        online_url="https://meet.example.org/focal-persons",
        capacity=None,
        visibility="members",
    )


@time_machine.travel(datetime(2030, 12, 1, 9, 0, tzinfo=UTC), tick=False)
def test_series_keeps_local_time_across_daylight_saving(forum_body, secretariat):
    series = _series_across_dst(forum_body, secretariat)

    meetings = list(series.meetings.order_by("starts_at"))
    assert [m.local_starts_at.strftime("%Y-%m-%d %H:%M") for m in meetings] == [
        "2031-01-14 10:00",
        "2031-03-14 10:00",
        "2031-05-14 10:00",
        "2031-07-14 10:00",
    ]
    assert [m.starts_at.astimezone(UTC).hour for m in meetings] == [9, 9, 8, 8]


@time_machine.travel(datetime(2030, 12, 1, 9, 0, tzinfo=UTC), tick=False)
def test_meeting_ics_parses_with_both_parsers_and_keeps_local_time_across_dst(
    forum_body, secretariat, alice, alice_member
):
    series = _series_across_dst(forum_body, secretariat)
    march, may = list(series.meetings.order_by("starts_at"))[1:3]
    client = client_for(alice)

    for meeting, utc_hour in ((march, 9), (may, 8)):
        content = _ics(client, reverse("forum:meeting_ics", args=[meeting.uid]))

        parsed = icalendar.Calendar.from_ical(content)
        event = next(iter(parsed.walk("VEVENT")))
        start = event.decoded("dtstart")
        assert start.tzinfo is not None
        assert str(event["dtstart"].params["TZID"]) == "Europe/Zurich"
        assert (start.hour, start.minute) == (10, 0)
        assert start.astimezone(UTC).hour == utc_hour
        assert [c.name for c in parsed.walk("VTIMEZONE")] == ["VTIMEZONE"]

        card = vobject.readOne(content.decode())
        vevent = card.vevent
        assert vevent.dtstart.value.astimezone(UTC) == meeting.starts_at
        assert vevent.dtstart.value.astimezone(GENEVA).hour == 10
        assert vevent.dtend.value.astimezone(UTC) == meeting.ends_at


def test_event_has_alarm_links_and_no_attendees(meeting, alice, alice_member, bob_member):
    meeting.online_url = "https://meet.example.org/forum"
    meeting.reminder_hours = [168, 24]
    meeting.save()
    services.registration_register(meeting=meeting, user=alice)
    services.registration_register(meeting=meeting, user=bob_member.user)

    content = _ics(client_for(alice), reverse("forum:meeting_ics", args=[meeting.uid]))

    event = next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))
    assert str(event["url"]).endswith(meeting.get_absolute_url())
    assert "https://meet.example.org/forum" in str(event["description"])
    assert meeting.get_absolute_url() in str(event["description"])
    alarms = list(event.walk("VALARM"))
    assert len(alarms) == 1
    assert alarms[0].decoded("trigger") == -timedelta(hours=24)
    assert "ATTENDEE" not in event
    assert "ORGANIZER" not in event
    assert b"bob@example.org" not in content
    assert b"alice@example.org" not in content
    assert event["uid"].startswith(meeting.uid)


def test_ics_of_members_only_meeting_is_hidden_from_outsiders(client, charlie_client, meeting):
    url = reverse("forum:meeting_ics", args=[meeting.uid])

    assert client.get(url).status_code == 404
    assert charlie_client.get(url).status_code == 404


def test_ics_of_public_meeting_is_open_to_anyone(client, public_meeting):
    content = _ics(client, reverse("forum:meeting_ics", args=[public_meeting.uid]))

    assert b"BEGIN:VEVENT" in content


def _feed_url(user) -> str:
    return reverse("forum:feed", args=[services.preferences_for(user).feed_token])


def test_feed_lists_every_meeting_the_member_may_attend_and_nothing_else(
    client, alice, alice_member, meeting
):
    other_body = BodyFactory(name="Coalition on skills")
    MemberFactory(body=other_body, user=alice, role=MemberRole.INFORMED)
    informed_only = MeetingFactory(body=other_body, title="Meeting I am only informed of")
    stranger = MeetingFactory(title="Meeting of a body I am not in")
    cancelled = MeetingFactory(body=meeting.body, title="Cancelled one")
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save()

    content = _ics(client, _feed_url(alice))

    summaries = {str(e["summary"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    assert f"{meeting.title} ({meeting.body.name})" in summaries
    assert any(s.startswith("Cancelled one") for s in summaries)  # so calendars drop it
    assert not any(s.startswith(informed_only.title) for s in summaries)
    assert not any(s.startswith(stranger.title) for s in summaries)
    statuses = {str(e["status"]) for e in icalendar.Calendar.from_ical(content).walk("VEVENT")}
    assert "CANCELLED" in statuses
    for event in vobject.readOne(content.decode()).vevent_list:
        assert event.dtstart.value.tzinfo is not None


def test_feed_is_kept_out_of_shared_caches(client, alice, alice_member, meeting):
    response = client.get(_feed_url(alice))

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_feed_address_can_be_revoked(client, alice, alice_client, alice_member, meeting):
    old = _feed_url(alice)
    assert client.get(old).status_code == 200

    response = alice_client.post(reverse("forum:feed_rotate"))

    assert response.status_code == 302
    assert client.get(old).status_code == 404
    assert client.get(_feed_url(alice)).status_code == 200


def test_feed_of_a_deactivated_person_stops(client, alice, alice_member):
    url = _feed_url(alice)
    alice.is_active = False
    alice.save()

    assert client.get(url).status_code == 404


def test_feed_rotate_needs_sign_in(client):
    url = reverse("forum:feed_rotate")
    response = client.post(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
