"""Reminders to send one's update: from two days before the deadline, through the outbox,
once per member and meeting, only to members who have not sent theirs, not to those who turned
the topic off, nor to informed-only members or the secretariat."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from forum import services, tasks
from forum.models import MemberRole
from notifications import tasks as outbox_tasks
from notifications.models import EmailOptOut, OutgoingEmail
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)
DEADLINE = datetime(2031, 5, 17, 16, 0, tzinfo=UTC)


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
        updates_due_at=DEADLINE,
    )


def _run(django_capture_on_commit_callbacks) -> int:
    """What beat does every few minutes: enqueue reminders, then dispatch what is due."""
    with django_capture_on_commit_callbacks(execute=True):
        written = tasks.update_reminders_enqueue.apply().get()
        outbox_tasks.dispatch_due.apply()
    return written


def _reminded() -> list[str]:
    return sorted(
        address for m in mail.outbox if m.subject.startswith("Your update for") for address in m.to
    )


def test_reminders_go_out_two_days_before_the_deadline_once_and_only_to_the_silent(
    geneva_meeting,
    forum_body,
    alice,
    alice_member,
    bob,
    bob_member,
    frozen,
    django_capture_on_commit_callbacks,
):
    MemberFactory(body=forum_body, role=MemberRole.INFORMED)
    MemberFactory(body=forum_body, role=MemberRole.SECRETARIAT)
    services.update_submit(meeting=geneva_meeting, user=bob, text="Training in Jakarta.")

    frozen.move_to(DEADLINE - services.UPDATE_REMINDER_BEFORE - timedelta(minutes=1))
    assert _run(django_capture_on_commit_callbacks) == 0
    assert _reminded() == []

    frozen.move_to(DEADLINE - services.UPDATE_REMINDER_BEFORE + timedelta(minutes=14))
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _reminded() == [alice.email]
    message = mail.outbox[-1]
    assert "17 May 2031" in message.body or "May 17, 2031" in message.body
    assert f"/forum/meetings/{geneva_meeting.uid}/updates/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert "Send your update" in html

    # The next runs of beat write and send nothing more.
    frozen.move_to(DEADLINE - timedelta(hours=1))
    assert _run(django_capture_on_commit_callbacks) == 0
    assert _reminded() == [alice.email]
    assert OutgoingEmail.objects.filter(key__startswith="forum.update_reminder:").count() == 1

    # After the deadline, nobody is reminded, not even a member who joined since.
    MemberFactory(body=forum_body)
    frozen.move_to(DEADLINE + timedelta(minutes=1))
    assert _run(django_capture_on_commit_callbacks) == 0


def test_a_member_who_joins_within_the_two_days_is_reminded_on_the_next_run(
    geneva_meeting, forum_body, alice, alice_member, frozen, django_capture_on_commit_callbacks
):
    frozen.move_to(DEADLINE - timedelta(hours=40))
    assert _run(django_capture_on_commit_callbacks) == 1
    latecomer = MemberFactory(body=forum_body)

    frozen.move_to(DEADLINE - timedelta(hours=39))
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _reminded() == sorted([alice.email, latecomer.user.email])


def test_members_who_turned_the_reminders_off_get_none(
    geneva_meeting, alice, alice_member, frozen, django_capture_on_commit_callbacks
):
    EmailOptOut.objects.create(user=alice, topic=services.TOPIC_UPDATES)

    frozen.move_to(DEADLINE - timedelta(hours=24))
    assert _run(django_capture_on_commit_callbacks) == 0
    assert _reminded() == []


def test_cancelled_meetings_remind_nobody(
    geneva_meeting, alice, alice_member, secretariat, frozen, django_capture_on_commit_callbacks
):
    services.meeting_cancel(meeting=geneva_meeting, by=secretariat)

    frozen.move_to(DEADLINE - timedelta(hours=24))
    assert _run(django_capture_on_commit_callbacks) == 0
