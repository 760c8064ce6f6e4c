"""Dates near the ends of the calendar are refused with a form error, not an error 500: turning
a wall-clock time into UTC there falls outside what ``datetime`` can hold."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import Meeting, MeetingSeries

pytestmark = pytest.mark.django_db

MEETING = {
    "title": "Far away",
    "time_zone": "America/New_York",
    "place": "Brussels",
    "status": "planned",
    "visibility": "members",
    "reminder_hours": "24",
}


@pytest.fixture
def manager(secretariat) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(secretariat)
    return client


@pytest.mark.parametrize(
    ("starts", "ends"),
    [("9999-12-31T22:00", "9999-12-31T23:30"), ("1899-12-31T10:00", "1899-12-31T12:00")],
)
def test_meeting_times_out_of_range_are_refused(manager, forum_body, meeting, starts, ends):
    data = MEETING | {"starts": starts, "ends": ends}

    created = manager.post(reverse("forum:meeting_create", args=[forum_body.slug]), data)
    edited = manager.post(reverse("forum:meeting_edit", args=[meeting.uid]), data)

    assert created.status_code == edited.status_code == 400
    assert "Give a date between the years 1900 and 2999." in created.content.decode()
    assert list(Meeting.objects.all()) == [meeting]


def test_series_starting_out_of_range_is_refused(manager, forum_body):
    response = manager.post(
        reverse("forum:series_create", args=[forum_body.slug]),
        {
            "title": "Far away",
            "first_date": "9999-12-31",
            "start_time": "23:30",
            "duration_minutes": "120",
            "time_zone": "America/New_York",
            "interval_months": "1",
            "place": "Brussels",
            "visibility": "members",
        },
    )

    assert response.status_code == 400
    assert not MeetingSeries.objects.exists()
