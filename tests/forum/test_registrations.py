"""Registering, declining and the waiting list that moves up by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Constituency, MemberRole, Registration, RegistrationStatus
from tests.conftest import client_for
from tests.forum.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_meeting(meeting):
    meeting.capacity = 2
    meeting.save()
    return meeting


def _members(body, count):
    return [MemberFactory(body=body).user for _ in range(count)]


def _status(meeting, user):
    return Registration.objects.get(meeting=meeting, user=user).status


def test_member_registers_and_gets_a_confirmation(
    alice_client, alice, alice_member, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("forum:register", args=[meeting.uid]))

    assert response.status_code == 302
    registration = Registration.objects.get(meeting=meeting, user=alice)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.constituency == Constituency.BUSINESS
    assert [m.subject for m in mail.outbox] == [f"You are registered: {meeting.title}"]
    assert mail.outbox[0].to == [alice.email]


def test_over_capacity_members_join_the_waiting_list(small_meeting):
    first, second, third, fourth = _members(small_meeting.body, 4)
    for user in (first, second, third, fourth):
        services.registration_register(meeting=small_meeting, user=user)

    assert [_status(small_meeting, u) for u in (first, second, third, fourth)] == [
        "registered",
        "registered",
        "waiting",
        "waiting",
    ]


def test_a_place_given_up_goes_to_the_first_person_waiting(
    small_meeting, django_capture_on_commit_callbacks
):
    first, second, third, fourth = _members(small_meeting.body, 4)
    for user in (first, second, third, fourth):
        services.registration_register(meeting=small_meeting, user=user)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_decline(meeting=small_meeting, user=first)

    assert _status(small_meeting, first) == "declined"
    assert _status(small_meeting, third) == "registered"
    assert _status(small_meeting, fourth) == "waiting"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([third.email], f"A place is free for you: {small_meeting.title}")
    ]


def test_more_places_move_everyone_up_who_fits(small_meeting, secretariat):
    users = _members(small_meeting.body, 5)
    for user in users:
        services.registration_register(meeting=small_meeting, user=user)

    services.meeting_update(meeting=small_meeting, by=secretariat, capacity=4)

    assert [_status(small_meeting, u) for u in users] == [
        "registered",
        "registered",
        "registered",
        "registered",
        "waiting",
    ]


def test_declining_from_the_waiting_list_frees_nobody(small_meeting):
    first, second, third = _members(small_meeting.body, 3)
    for user in (first, second, third):
        services.registration_register(meeting=small_meeting, user=user)

    services.registration_decline(meeting=small_meeting, user=third)

    assert [_status(small_meeting, u) for u in (first, second, third)] == [
        "registered",
        "registered",
        "declined",
    ]


def test_registering_twice_changes_nothing(alice, alice_member, meeting):
    one = services.registration_register(meeting=meeting, user=alice)
    two = services.registration_register(meeting=meeting, user=alice)

    assert one.pk == two.pk
    assert Registration.objects.count() == 1


def test_member_can_decline_without_registering_first(alice_client, alice, alice_member, meeting):
    response = alice_client.post(reverse("forum:decline", args=[meeting.uid]))

    assert response.status_code == 302
    assert _status(meeting, alice) == "declined"


def test_informed_only_members_do_not_register(meeting, charlie):
    MemberFactory(body=meeting.body, user=charlie, role=MemberRole.INFORMED)

    response = client_for(charlie).post(reverse("forum:register", args=[meeting.uid]))

    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_registration_closes_when_the_meeting_starts(alice_client, alice_member, meeting):
    meeting.starts_at = timezone.now() - timedelta(minutes=5)
    meeting.save()

    response = alice_client.post(reverse("forum:register", args=[meeting.uid]), follow=True)

    assert "Registration for this meeting is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_register_needs_sign_in(client, meeting):
    response = client.post(reverse("forum:register", args=[meeting.uid]))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_outsiders_cannot_see_a_members_only_meeting_to_register(charlie_client, meeting):
    assert charlie_client.post(reverse("forum:register", args=[meeting.uid])).status_code == 404


def test_non_member_of_a_public_meeting_is_sent_to_the_public_form(charlie_client, public_meeting):
    response = charlie_client.post(reverse("forum:register", args=[public_meeting.uid]))

    assert response.status_code == 302
    assert response.url == reverse("forum:register_public", args=[public_meeting.uid])
    assert not public_meeting.registrations.exists()
