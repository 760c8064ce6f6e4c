"""The attendance log: it shows each member's answer, and it registers nobody. People who came
without registering — the secretariat, often — are recorded as attending, "not registered"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum import selectors, services
from forum.models import Constituency, Meeting, MemberRole, Registration, RegistrationStatus
from notifications.models import OutgoingEmail
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_meeting(forum_body, alice, alice_member, bob, bob_member, charlie):
    """One place: alice has it, bob waits, charlie (the body's secretariat) has not answered."""
    MemberFactory(
        body=forum_body,
        user=charlie,
        role=MemberRole.SECRETARIAT,
        constituency=Constituency.FACILITATOR,
    )
    meeting = MeetingFactory(body=forum_body, title="Full meeting", capacity=1)
    services.registration_register(meeting=meeting, user=alice)
    services.registration_register(meeting=meeting, user=bob)
    return meeting


def _held_an_hour_ago(meeting: Meeting) -> None:
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - timedelta(hours=3), ends_at=now - timedelta(hours=1)
    )


def test_the_form_shows_who_registered(secretariat, full_meeting, charlie):
    page = client_for(secretariat).get(reverse("forum:attendance", args=[full_meeting.uid]))

    text = page.content.decode()
    assert "Alice Adams – Business (Registered)" in text
    assert "Bob Brown – Trade unions (On the waiting list)" in text
    assert "Charlie Clark – Facilitator (Not registered)" in text


def test_recording_attendance_registers_nobody(
    secretariat, full_meeting, alice, charlie, django_capture_on_commit_callbacks
):
    _held_an_hour_ago(full_meeting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(secretariat).post(
            reverse("forum:attendance", args=[full_meeting.uid]),
            {"present": [alice.pk, charlie.pk]},
        )

    assert response.status_code == 302
    came = Registration.objects.get(meeting=full_meeting, user=charlie)
    assert (came.status, came.attended) == (RegistrationStatus.UNREGISTERED, True)
    figures = selectors.meeting_registration_figures(full_meeting, balance=True)
    assert (figures.registered, figures.waiting) == (1, 1)
    assert [row["count"] for row in figures.balance if row["key"] == "facilitator"] == [0]
    assert mail.outbox == []
    assert not OutgoingEmail.objects.filter(to=charlie.email).exists()
    # Their own page says they came, not that they answered.
    page = client_for(charlie).get(full_meeting.get_absolute_url()).content.decode()
    assert "You attended." in page and "Your answer" not in page


def test_unticking_someone_who_never_registered_leaves_no_row(
    secretariat, full_meeting, alice, charlie
):
    _held_an_hour_ago(full_meeting)
    services.attendance_record(meeting=full_meeting, by=secretariat, present=[charlie.pk])
    services.attendance_record(meeting=full_meeting, by=secretariat, present=[alice.pk])

    assert not Registration.objects.filter(meeting=full_meeting, user=charlie).exists()
    assert Registration.objects.get(meeting=full_meeting, user=alice).attended is True


def test_someone_recorded_as_attending_can_still_register(secretariat, forum_body, alice_member):
    """Should a meeting held by mistake be planned again, the attendance row is no answer."""
    alice = alice_member.user
    meeting = MeetingFactory(body=forum_body)
    services.attendance_record(
        meeting=meeting, by=secretariat, present=[alice.pk], confirm_future=True
    )
    Meeting.objects.filter(pk=meeting.pk).update(status="planned")

    registration = services.registration_register(meeting=meeting, user=alice)

    assert registration.status == RegistrationStatus.REGISTERED
