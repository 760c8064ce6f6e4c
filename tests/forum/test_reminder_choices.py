"""Reminders are ticked as "1 week before", "2 hours before"…, or given as days and hours;
they are still stored as hours before the start, and a time stored earlier is kept."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from forum.fields import reminder_label
from forum.models import Meeting
from tests.conftest import client_for
from tests.forum.test_meetings import FORM

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hours", "label"),
    [
        (168, "1 week before"),
        (336, "2 weeks before"),
        (48, "2 days before"),
        (24, "1 day before"),
        (30, "1 day and 6 hours before"),
        (84, "3 days and 12 hours before"),
        (2, "2 hours before"),
        (1, "1 hour before"),
    ],
)
def test_reminders_read_in_weeks_days_and_hours(hours, label):
    with translation.override("en"):
        assert reminder_label(hours) == label


def test_new_meeting_offers_ticked_defaults(secretariat, forum_body):
    page = client_for(secretariat).get(reverse("forum:meeting_create", args=[forum_body.slug]))
    html = page.content.decode()

    assert "<legend>Reminders:</legend>" in html
    assert 'value="168" id="id_reminder_hours_0" checked' in html
    assert 'value="48" id="id_reminder_hours_1">' in html
    assert "2 hours before" in html
    assert "168, 24" not in html


def test_ticked_reminders_and_another_in_days_and_hours(secretariat, forum_body):
    data = {**FORM, "reminder_hours": ["2", "168"], "other_days": "3", "other_hours": "12"}

    response = client_for(secretariat).post(
        reverse("forum:meeting_create", args=[forum_body.slug]), data
    )

    assert response.status_code == 302
    assert Meeting.objects.get().reminder_hours == [168, 84, 2]


def test_no_reminder_at_all(secretariat, forum_body):
    data = {k: v for k, v in FORM.items() if k != "reminder_hours"}

    client_for(secretariat).post(reverse("forum:meeting_create", args=[forum_body.slug]), data)

    assert Meeting.objects.get().reminder_hours == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reminder_hours": ["168", "abc"]}, "Select a valid choice"),
        ({"reminder_hours": ["2000"]}, "Select a valid choice"),
        ({"other_days": "61"}, "less than or equal to 60"),
        ({"other_hours": "24"}, "less than or equal to 23"),
        ({"other_days": "0", "other_hours": "0"}, "between 1 hour and 60 days"),
        ({"other_days": "60", "other_hours": "5"}, "between 1 hour and 60 days"),
    ],
)
def test_bad_reminders_are_a_form_error_and_nothing_is_saved(
    secretariat, forum_body, meeting, change, message
):
    client = client_for(secretariat)
    created = client.post(
        reverse("forum:meeting_create", args=[forum_body.slug]), {**FORM, **change}
    )
    edited = client.post(reverse("forum:meeting_edit", args=[meeting.uid]), {**FORM, **change})

    for response in (created, edited):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert Meeting.objects.get() == meeting
    meeting.refresh_from_db()
    assert (meeting.title, meeting.reminder_hours) != (FORM["title"], [168, 24])
    assert meeting.sequence == 0


def test_a_stored_time_outside_the_choices_stays_ticked_and_kept(secretariat, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(reminder_hours=[168, 30])
    client = client_for(secretariat)
    url = reverse("forum:meeting_edit", args=[meeting.uid])

    html = client.get(url).content.decode()
    assert 'value="168" id="id_reminder_hours_0" checked' in html
    assert 'value="24" id="id_reminder_hours_2">' in html
    assert 'value="30" id="id_reminder_hours_5" checked>' in html
    assert "1 day and 6 hours before" in html

    response = client.post(url, {**FORM, "reminder_hours": ["168", "30"]})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.reminder_hours == [168, 30]
