"""Reminders: outbox rows due at the times the secretariat set, moved when the meeting moves,
sent by the beat dispatcher when due."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from forum import services
from notifications import tasks
from notifications.models import OutgoingEmail, Status
from tests.forum.factories import MeetingFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def geneva_meeting(forum_body, frozen):
    return MeetingFactory(
        body=forum_body,
        title="Bimonthly meeting of focal persons",
        starts_at=datetime(2031, 5, 20, 8, 0, tzinfo=UTC),
        ends_at=datetime(2031, 5, 20, 10, 0, tzinfo=UTC),
        time_zone="Europe/Zurich",
        reminder_hours=[168, 24],
    )


def _reminders():
    return OutgoingEmail.objects.filter(key__startswith="forum.reminder:").order_by("due_at")


def test_registering_queues_a_reminder_for_each_time_set(alice, alice_member, geneva_meeting):
    services.registration_register(meeting=geneva_meeting, user=alice)

    assert [r.due_at for r in _reminders()] == [
        datetime(2031, 5, 13, 8, 0, tzinfo=UTC),
        datetime(2031, 5, 19, 8, 0, tzinfo=UTC),
    ]
    assert all(r.to == alice.email and r.status == Status.QUEUED for r in _reminders())
    assert "10:00–12:00 (Europe/Zurich)" in _reminders()[0].body_text
    assert _reminders()[0].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reminders_move_when_the_meeting_moves(
    alice, alice_member, geneva_meeting, secretariat, django_capture_on_commit_callbacks
):
    services.registration_register(meeting=geneva_meeting, user=alice)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            meeting=geneva_meeting,
            by=secretariat,
            starts_at=datetime(2031, 5, 27, 8, 0, tzinfo=UTC),
            ends_at=datetime(2031, 5, 27, 10, 0, tzinfo=UTC),
        )

    assert [r.due_at for r in _reminders()] == [
        datetime(2031, 5, 20, 8, 0, tzinfo=UTC),
        datetime(2031, 5, 26, 8, 0, tzinfo=UTC),
    ]
    assert [m.subject for m in mail.outbox] == [f"New time: {geneva_meeting.title}"]
    geneva_meeting.refresh_from_db()
    assert geneva_meeting.sequence == 1


def test_changing_the_reminder_times_replaces_the_queued_rows(
    alice, alice_member, geneva_meeting, secretariat
):
    services.registration_register(meeting=geneva_meeting, user=alice)

    services.meeting_update(meeting=geneva_meeting, by=secretariat, reminder_hours=[2])

    assert [r.due_at for r in _reminders()] == [datetime(2031, 5, 20, 6, 0, tzinfo=UTC)]


def test_reminder_times_already_past_are_skipped(alice, alice_member, forum_body, frozen):
    soon = MeetingFactory(
        body=forum_body, starts_at=NOW + timedelta(hours=10), reminder_hours=[168, 24, 2]
    )

    services.registration_register(meeting=soon, user=alice)

    assert [r.due_at for r in _reminders()] == [NOW + timedelta(hours=8)]


def test_declining_and_cancelling_withdraw_reminders(
    alice, alice_member, bob, bob_member, geneva_meeting, secretariat
):
    services.registration_register(meeting=geneva_meeting, user=alice)
    services.registration_register(meeting=geneva_meeting, user=bob)

    services.registration_decline(meeting=geneva_meeting, user=alice)
    assert {r.to for r in _reminders()} == {bob.email}

    services.meeting_cancel(meeting=geneva_meeting, by=secretariat)
    assert not _reminders().exists()
    assert OutgoingEmail.objects.filter(key__startswith="forum.cancelled:").count() == 1


def test_dispatcher_sends_a_reminder_only_once_it_is_due(
    alice, alice_member, geneva_meeting, frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_register(meeting=geneva_meeting, user=alice)
    mail.outbox.clear()  # the confirmation, sent at once

    frozen.move_to(datetime(2031, 5, 13, 7, 59, tzinfo=UTC))
    tasks.dispatch_due.apply()
    assert mail.outbox == []

    frozen.move_to(datetime(2031, 5, 13, 8, 1, tzinfo=UTC))
    tasks.dispatch_due.apply()
    tasks.dispatch_due.apply()
    assert [m.subject for m in mail.outbox] == [f"Reminder: {geneva_meeting.title}"]
    assert mail.outbox[0].to == [alice.email]
