"""Joining a body on one's own initiative (open bodies at once, moderated ones through the
secretariat's queue), leaving it, and registering for a public meeting without being a member."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forum import digests, services
from forum.models import (
    Constituency,
    JoinRequest,
    JoinRequestStatus,
    Member,
    MemberRole,
    Registration,
    RegistrationStatus,
)
from forum.selectors import meeting_registration_figures
from notifications import tasks
from notifications.models import OutgoingEmail
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def open_body(forum_body):
    forum_body.open_joining = True
    forum_body.save(update_fields=["open_joining"])
    return forum_body


def _ask(body, user, **kwargs):
    fields = {
        "organisation": None,
        "constituency": Constituency.CIVIL_SOCIETY,
        "motivation": "We work on skills in SMEs.",
    }
    return services.join_ask(body=body, user=user, **(fields | kwargs))


# --- Services --------------------------------------------------------------------------------


def test_an_open_body_takes_a_person_at_once(open_body, alice, org_a):
    answer = _ask(open_body, alice, organisation=org_a, motivation="")

    member = answer.member
    assert answer.request is None
    assert (member.organisation, member.constituency, member.role) == (
        org_a,
        Constituency.CIVIL_SOCIETY,
        MemberRole.MEMBER,
    )
    assert member.is_active


def test_a_moderated_body_queues_the_request(forum_body, alice, org_a):
    answer = _ask(forum_body, alice, organisation=org_a)

    assert answer.member is None
    assert answer.request.status == JoinRequestStatus.PENDING
    assert not Member.objects.filter(body=forum_body, user=alice).exists()


def test_a_moderated_body_needs_a_motivation(forum_body, alice):
    with pytest.raises(ValidationError):
        _ask(forum_body, alice, motivation="  ")


def test_one_represents_only_ones_own_organisation(forum_body, alice, org_b):
    with pytest.raises(ValidationError):
        _ask(forum_body, alice, organisation=org_b)


def test_asking_twice_while_waiting_is_refused(forum_body, alice):
    _ask(forum_body, alice)
    with pytest.raises(ValidationError):
        _ask(forum_body, alice)
    assert JoinRequest.objects.filter(body=forum_body, user=alice).count() == 1


def test_a_member_cannot_ask_again(forum_body, alice, alice_member):
    with pytest.raises(ValidationError):
        _ask(forum_body, alice)


def test_approving_makes_a_member_with_the_role_and_dates_and_tells_them(
    forum_body, alice, org_a, secretariat, django_capture_on_commit_callbacks
):
    request = _ask(forum_body, alice, organisation=org_a).request
    start = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        member = services.join_request_approve(
            join_request=request,
            by=secretariat,
            role=MemberRole.OBSERVER,
            start_date=start,
            end_date=start + timedelta(days=365),
        )

    assert (member.role, member.organisation, member.end_date) == (
        MemberRole.OBSERVER,
        org_a,
        start + timedelta(days=365),
    )
    request.refresh_from_db()
    assert (request.status, request.decided_by) == (JoinRequestStatus.APPROVED, secretariat)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([alice.email], f"Welcome to {forum_body.name}")
    ]


def test_declining_needs_a_reason_and_sends_it(
    forum_body, alice, secretariat, django_capture_on_commit_callbacks
):
    request = _ask(forum_body, alice).request
    with pytest.raises(ValidationError):
        services.join_request_decline(join_request=request, by=secretariat, reason=" ")

    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decline(
            join_request=request, by=secretariat, reason="The group is for focal persons."
        )

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.DECLINED
    assert not Member.objects.filter(body=forum_body, user=alice).exists()
    assert [m.subject for m in mail.outbox] == [f"Your request to join {forum_body.name}"]
    assert "The group is for focal persons." in mail.outbox[0].body
    assert OutgoingEmail.objects.get(to=alice.email).key.startswith("forum.join-request:")


def test_a_request_is_answered_once(forum_body, alice, secretariat):
    request = _ask(forum_body, alice).request
    services.join_request_decline(join_request=request, by=secretariat, reason="No.")
    with pytest.raises(ValidationError):
        services.join_request_approve(join_request=request, by=secretariat)


def test_only_the_secretariat_answers(forum_body, alice, bob, bob_member):
    request = _ask(forum_body, alice).request
    with pytest.raises(PermissionDenied):
        services.join_request_approve(join_request=request, by=bob)


def test_a_former_member_who_is_approved_again_takes_up_the_row(forum_body, alice, secretariat):
    old = MemberFactory(
        body=forum_body,
        user=alice,
        start_date=timezone.localdate() - timedelta(days=400),
        end_date=timezone.localdate() - timedelta(days=30),
    )
    request = _ask(forum_body, alice).request
    member = services.join_request_approve(join_request=request, by=secretariat)

    assert member.pk == old.pk and member.is_active and member.end_date is None


def test_leaving_ends_the_membership_at_once_and_keeps_the_record(forum_body, alice):
    member = MemberFactory(
        body=forum_body, user=alice, start_date=timezone.localdate() - timedelta(days=90)
    )
    services.member_leave(body=forum_body, user=alice)

    member.refresh_from_db()
    assert not member.is_active
    with pytest.raises(ValidationError):
        services.member_leave(body=forum_body, user=alice)


# --- Views -----------------------------------------------------------------------------------


def test_asking_through_the_page(forum_body, alice, org_a, alice_client):
    url = reverse("forum:body_join", args=[forum_body.slug])
    page = alice_client.get(url)
    assert page.status_code == 200
    assert org_a.name in page.content.decode()

    response = alice_client.post(
        url,
        {"organisation": org_a.slug, "constituency": "business", "motivation": "We can help."},
    )

    assert response.status_code == 302
    assert JoinRequest.objects.get(body=forum_body, user=alice).organisation == org_a
    body_page = alice_client.get(forum_body.get_absolute_url()).content.decode()
    assert "You asked to join." in body_page


def test_the_join_page_refuses_bad_input_with_400(forum_body, alice, org_b, alice_client):
    url = reverse("forum:body_join", args=[forum_body.slug])
    someone_elses = alice_client.post(
        url, {"organisation": org_b.slug, "constituency": "business", "motivation": "x"}
    )
    no_constituency = alice_client.post(url, {"motivation": "x"})

    assert someone_elses.status_code == 400
    assert no_constituency.status_code == 400
    assert not JoinRequest.objects.exists()


def test_the_join_page_goes_back_only_to_the_site(open_body, alice, alice_client):
    url = reverse("forum:body_join", args=[open_body.slug]) + "?next=https://evil.example/"
    response = alice_client.post(url, {"constituency": "business"})

    assert response.status_code == 302
    assert response.url == open_body.get_absolute_url()


def test_the_queue_is_for_the_secretariat_only(forum_body, alice, bob, bob_member, charlie):
    _ask(forum_body, alice, motivation="We run a programme on skills.")
    url = reverse("forum:join_requests", args=[forum_body.slug])

    assert client_for(charlie).get(url).status_code == 404  # outside the body
    assert client_for(bob).get(url).status_code == 403  # a member without the role


def test_the_queue_shows_the_requests_to_the_secretariat(forum_body, alice, org_a, secretariat):
    _ask(forum_body, alice, organisation=org_a, motivation="We run a programme on skills.")
    page = client_for(secretariat).get(reverse("forum:join_requests", args=[forum_body.slug]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "We run a programme on skills." in text and org_a.name in text


def test_the_queue_keeps_its_number_of_queries(forum_body, secretariat):
    client = client_for(secretariat)
    url = reverse("forum:join_requests", args=[forum_body.slug])

    def grow(n):
        for _ in range(n):
            user = UserFactory()
            membership = MembershipFactory(user=user)
            _ask(forum_body, user, organisation=membership.organisation)

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_approving_and_declining_through_the_pages(forum_body, alice, bob, secretariat):
    client = client_for(secretariat)
    first = _ask(forum_body, alice).request
    second = _ask(forum_body, bob).request

    approve = reverse("forum:join_request_approve", args=[first.uid])
    assert client.post(approve, {"role": "member"}).status_code == 400  # no start date
    response = client.post(approve, {"role": "member", "start_date": timezone.localdate()})
    assert response.status_code == 302
    decline = reverse("forum:join_request_decline", args=[second.uid])
    assert client.post(decline, {"reason": ""}).status_code == 400
    assert client.post(decline, {"reason": "Members only."}).status_code == 302

    assert Member.objects.active().filter(body=forum_body, user=alice).exists()
    assert not Member.objects.filter(body=forum_body, user=bob).exists()
    again = client.post(decline, {"reason": "Twice."})
    assert again.status_code == 400  # answered already


def test_outsiders_cannot_open_a_request(forum_body, alice, charlie):
    request = _ask(forum_body, alice).request
    url = reverse("forum:join_request_approve", args=[request.uid])

    assert client_for(charlie).get(url).status_code == 404
    assert client_for(alice).get(url).status_code == 404  # the asker is no member yet


def test_leaving_through_the_page(forum_body, alice, alice_client, charlie):
    MemberFactory(body=forum_body, user=alice, start_date=timezone.localdate() - timedelta(days=9))
    url = reverse("forum:body_leave", args=[forum_body.slug])

    assert client_for(charlie).get(url).status_code == 404
    assert alice_client.get(url).status_code == 200
    assert alice_client.post(url).status_code == 302
    assert not Member.objects.active().filter(body=forum_body, user=alice).exists()


# --- Public meetings -------------------------------------------------------------------------


def test_anyone_signed_in_registers_for_a_public_meeting(
    charlie, charlie_client, public_meeting, django_capture_on_commit_callbacks
):
    url = reverse("forum:register_public", args=[public_meeting.uid])
    assert charlie_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = charlie_client.post(
            url, {"constituency": "research", "organisation_name": "University of Ghent"}
        )

    assert response.status_code == 302
    registration = Registration.objects.get(meeting=public_meeting, user=charlie)
    assert (registration.status, registration.constituency, registration.organisation_name) == (
        RegistrationStatus.REGISTERED,
        Constituency.RESEARCH,
        "University of Ghent",
    )
    assert [m.subject for m in mail.outbox] == [f"You are registered: {public_meeting.title}"]


def test_the_public_form_wants_a_constituency(charlie_client, public_meeting):
    url = reverse("forum:register_public", args=[public_meeting.uid])
    assert charlie_client.post(url, {"constituency": "nobody"}).status_code == 400
    assert not public_meeting.registrations.exists()


def test_members_only_meetings_have_no_public_form(charlie_client, bob_client, bob_member, meeting):
    url = reverse("forum:register_public", args=[meeting.uid])
    assert charlie_client.get(url).status_code == 404
    assert bob_client.get(url).status_code == 404  # a member: registers with the button
    with pytest.raises(PermissionDenied):
        services.registration_register(
            meeting=meeting, user=UserFactory(), constituency=Constituency.BUSINESS
        )


def test_public_registrants_share_capacity_waiting_list_and_balance_with_members(
    alice, alice_member, charlie, bob, public_meeting
):
    public_meeting.capacity = 2
    public_meeting.save()
    services.registration_register(meeting=public_meeting, user=alice)
    services.registration_register(
        meeting=public_meeting, user=charlie, constituency=Constituency.RESEARCH
    )
    waiting = services.registration_register(
        meeting=public_meeting, user=bob, constituency=Constituency.TRADE_UNIONS
    )
    assert waiting.status == RegistrationStatus.WAITING

    services.registration_decline(meeting=public_meeting, user=charlie)

    assert Registration.objects.get(user=bob).status == RegistrationStatus.REGISTERED
    counts = {
        row["key"]: row["count"]
        for row in meeting_registration_figures(public_meeting, balance=True).balance
    }
    assert counts == {Constituency.BUSINESS: 1, Constituency.TRADE_UNIONS: 1}


def test_public_registrants_get_the_meetings_reminders_and_changes_not_the_digest(
    forum_body, alice, charlie, frozen, secretariat, django_capture_on_commit_callbacks
):
    MemberFactory(body=forum_body, user=alice, start_date=NOW.date() - timedelta(days=30))
    meeting = MeetingFactory(
        body=forum_body,
        title="Review meeting with all stakeholders",
        visibility="public",
        starts_at=datetime(2031, 5, 20, 8, 0, tzinfo=UTC),
        ends_at=datetime(2031, 5, 20, 10, 0, tzinfo=UTC),
        reminder_hours=[24],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_register(
            meeting=meeting, user=charlie, constituency=Constituency.CIVIL_SOCIETY
        )
    mail.outbox.clear()

    frozen.move_to(datetime(2031, 5, 19, 8, 1, tzinfo=UTC))
    tasks.dispatch_due.apply()
    assert [m.subject for m in mail.outbox] == [f"Reminder: {meeting.title}"]

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=secretariat)
    assert charlie.email in {address for m in mail.outbox[1:] for address in m.to}

    # The body's digest is for its members: alice's is due on Monday, charlie has none.
    monday = datetime(2031, 5, 26, 8, 0, tzinfo=UTC)
    assert {due.preferences.user for due in digests._due(monday)} == {alice}


def test_a_non_member_sees_the_public_register_link(charlie_client, public_meeting):
    page = charlie_client.get(public_meeting.get_absolute_url()).content.decode()

    assert reverse("forum:register_public", args=[public_meeting.uid]) in page


def test_public_registrants_are_on_the_attendance_log(
    alice, alice_member, charlie, public_meeting, secretariat
):
    services.registration_register(
        meeting=public_meeting, user=charlie, constituency=Constituency.RESEARCH
    )
    page = client_for(secretariat).get(reverse("forum:attendance", args=[public_meeting.uid]))
    assert charlie.get_full_name() in page.content.decode()

    services.attendance_record(
        meeting=public_meeting,
        by=secretariat,
        present=[alice.pk, charlie.pk],
        confirm_future=True,
    )

    assert Registration.objects.get(meeting=public_meeting, user=charlie).attended is True
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        services.attendance_record(
            meeting=public_meeting, by=secretariat, present=[stranger.pk], confirm_future=True
        )


def test_joining_a_body_that_opened_answers_the_earlier_request(forum_body, alice):
    request = _ask(forum_body, alice).request
    forum_body.open_joining = True
    forum_body.save()

    _ask(forum_body, alice)

    request.refresh_from_db()
    assert request.status == JoinRequestStatus.APPROVED
