"""A meeting dated in the future is marked held, or its minutes published, only after a page
that says so has been confirmed. The rule is the services' (``confirm_future``); the pages
ask."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import MeetingInFuture, MeetingStatus, Minutes
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_january(forum_body):
    starts = timezone.now() + timedelta(days=40)
    return MeetingFactory(body=forum_body, title="January review", starts_at=starts)


def test_the_services_refuse_a_future_meeting_without_confirmation(
    secretariat, next_january, alice, alice_member
):
    with pytest.raises(MeetingInFuture):
        services.attendance_record(meeting=next_january, by=secretariat, present=[alice.pk])
    minutes = services.minutes_save(meeting=next_january, by=secretariat, kind="minutes", text="x")
    with pytest.raises(ValidationError, match="dated in the future"):
        services.minutes_publish(minutes=minutes, by=secretariat)
    next_january.refresh_from_db()
    minutes.refresh_from_db()
    assert next_january.status == MeetingStatus.PLANNED and not minutes.is_published

    services.attendance_record(
        meeting=next_january, by=secretariat, present=[alice.pk], confirm_future=True
    )
    services.minutes_publish(minutes=minutes, by=secretariat, confirm_future=True)
    next_january.refresh_from_db()
    minutes.refresh_from_db()
    assert next_january.status == MeetingStatus.HELD and minutes.is_published


def test_a_meeting_that_has_started_needs_no_confirmation(secretariat, forum_body, alice_member):
    started = MeetingFactory(body=forum_body, starts_at=timezone.now() - timedelta(minutes=5))
    services.attendance_record(meeting=started, by=secretariat, present=[])
    minutes = services.minutes_save(meeting=started, by=secretariat, kind="minutes", text="x")
    services.minutes_publish(minutes=minutes, by=secretariat)
    started.refresh_from_db()
    assert started.status == MeetingStatus.HELD


def test_attendance_of_a_future_meeting_asks_first(secretariat, next_january, alice, alice_member):
    client = client_for(secretariat)
    url = reverse("forum:attendance", args=[next_january.uid])

    asked = client.post(url, {"present": [alice.pk]})

    assert asked.status_code == 200
    assert "includes/confirm.html" in [t.name for t in asked.templates]
    page = asked.content.decode()
    assert "Mark January review held?" in page
    assert "dated" in page and "in the future" in page
    # The choices travel with the answer, hidden; the link to correct the date comes first.
    assert f'type="hidden" name="present" value="{alice.pk}"' in page
    assert 'type="hidden" name="confirm_future" value="True"' in page
    assert reverse("forum:meeting_edit", args=[next_january.uid]) in page
    next_january.refresh_from_db()
    assert next_january.status == MeetingStatus.PLANNED

    confirmed = client.post(url, {"present": [alice.pk], "confirm_future": "True"})

    assert confirmed.status_code == 302
    next_january.refresh_from_db()
    assert next_january.status == MeetingStatus.HELD
    assert next_january.registrations.get().attended is True


def test_publishing_minutes_of_a_future_meeting_asks_first(secretariat, next_january):
    client = client_for(secretariat)
    Minutes.objects.create(meeting=next_january, text="## Present\n\nEveryone")
    url = reverse("forum:minutes_publish", args=[next_january.uid])

    page = client.get(url).content.decode()
    assert "in the future" in page
    assert 'type="hidden" name="confirm_future" value="True"' in page

    refused = client.post(url, follow=True)
    assert "dated in the future" in refused.content.decode()
    assert not Minutes.objects.get().is_published

    client.post(url, {"confirm_future": "True"})
    assert Minutes.objects.get().is_published


def test_a_past_meeting_is_asked_nothing_more(secretariat, forum_body, alice, alice_member):
    past = MeetingFactory(body=forum_body, starts_at=timezone.now() - timedelta(days=2))
    Minutes.objects.create(meeting=past, text="Notes")
    client = client_for(secretariat)

    page = client.get(reverse("forum:minutes_publish", args=[past.uid])).content.decode()
    assert "in the future" not in page and "confirm_future" not in page
    response = client.post(reverse("forum:attendance", args=[past.uid]), {"present": [alice.pk]})
    assert response.status_code == 302
