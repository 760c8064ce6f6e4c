"""What joining and leaving tell people, through the outbox and on frozen time: the body's
secretariat hears of each request to join; a person who leaves (or whose membership ends) gives
up their places at the body's coming members-only meetings, keeps their public ones and is told
which; requests to join are in the admin, read only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alliance.models import Coalition, CoalitionMember
from forum import digests, services
from forum.models import (
    Body,
    BodyKind,
    Constituency,
    JoinRequestStatus,
    MemberRole,
    Registration,
    RegistrationStatus,
)
from notifications import tasks
from notifications.models import OutgoingEmail, Status
from notifications.services import email_opt_out
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _ask(body, user, **kwargs):
    fields = {
        "organisation": None,
        "constituency": Constituency.CIVIL_SOCIETY,
        "motivation": "We train SMEs in energy audits.",
    }
    return services.join_ask(body=body, user=user, **(fields | kwargs))


def _meeting(body, days, **kwargs):
    starts = NOW + timedelta(days=days)
    return MeetingFactory(
        body=body, starts_at=starts, ends_at=starts + timedelta(hours=2), **kwargs
    )


# --- 1. The secretariat hears of each request --------------------------------------------------


def test_a_request_to_join_emails_each_person_of_the_bodys_secretariat(
    frozen, forum_body, alice, org_a, secretariat, settings, django_capture_on_commit_callbacks
):
    clerks = [
        MemberFactory(body=forum_body, role=MemberRole.SECRETARIAT).user,
        MemberFactory(body=forum_body, role=MemberRole.SECRETARIAT).user,
    ]
    MemberFactory(body=forum_body, role=MemberRole.MEMBER)  # a plain member hears nothing

    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(forum_body, alice, organisation=org_a).request

    queue = f"{settings.SITE_URL}/forum/bodies/{forum_body.slug}/requests/"
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in clerks)
    for message in mail.outbox:
        assert message.subject == f"A request to join {forum_body.name}"
        assert queue in message.body
        assert "We train SMEs in energy audits." in message.body and org_a.name in message.body
        html = message.alternatives[0][0]
        assert f'href="{queue}"' in html
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    keys = set(OutgoingEmail.objects.values_list("key", flat=True))
    assert keys == {f"forum.join-requested:{request.pk}:{c.pk}" for c in clerks}


def test_a_body_without_its_own_secretariat_tells_the_forum_secretariat(
    frozen, forum_body, alice, secretariat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _ask(forum_body, alice)

    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_the_secretariat_may_turn_these_emails_off(
    frozen, forum_body, alice, secretariat, django_capture_on_commit_callbacks
):
    email_opt_out(user_id=secretariat.pk, topic=services.TOPIC_JOIN_REQUESTS)

    with django_capture_on_commit_callbacks(execute=True):
        request = _ask(forum_body, alice).request

    assert request.status == JoinRequestStatus.PENDING
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_an_open_body_and_a_refused_request_tell_nobody(frozen, forum_body, alice, secretariat):
    forum_body.open_joining = True
    forum_body.save(update_fields=["open_joining"])
    _ask(forum_body, alice)
    moderated = Body.objects.create(name="Coordination group", kind=BodyKind.COORDINATION)
    with pytest.raises(ValidationError):  # no motivation: nothing is written
        _ask(moderated, alice, motivation=" ")

    assert not OutgoingEmail.objects.exists()


def test_the_decision_reaches_the_asker_through_the_outbox(
    frozen, forum_body, alice, secretariat, django_capture_on_commit_callbacks
):
    request = _ask(forum_body, alice).request
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_approve(join_request=request, by=secretariat)

    row = OutgoingEmail.objects.get(to=alice.email)
    assert (row.key, row.status) == (f"forum.join-request:{request.pk}:approved", Status.SENT)
    assert [m.subject for m in mail.outbox if m.to == [alice.email]] == [
        f"Welcome to {forum_body.name}"
    ]


# --- 2. Requests to join in the admin ----------------------------------------------------------


def test_the_admin_lists_requests_to_join_read_only_with_links_to_the_queue(
    forum_body, alice, bob, staff
):
    waiting = _ask(forum_body, alice).request
    answered = _ask(forum_body, bob).request
    services.join_request_decline(join_request=answered, by=staff, reason="Members only.")
    client = client_for(staff)

    listing = client.get(reverse("admin:forum_joinrequest_changelist"), {"status": "pending"})
    text = listing.content.decode()
    assert listing.status_code == 200
    assert str(alice) in text and str(bob) not in text
    assert reverse("forum:join_request_approve", args=[waiting.uid]) in text
    assert "delete_selected" not in text

    change = reverse("admin:forum_joinrequest_change", args=[waiting.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"status": "approved"}).status_code == 403
    assert client.get(reverse("admin:forum_joinrequest_add")).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == JoinRequestStatus.PENDING


def test_the_admins_list_keeps_its_number_of_queries(forum_body, staff):
    client = client_for(staff)
    url = reverse("admin:forum_joinrequest_changelist")

    def grow(n):
        for _ in range(n):
            request = _ask(forum_body, UserFactory()).request
            if request.pk % 2:
                services.join_request_decline(join_request=request, by=staff, reason="No.")

    grow(2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_admin_filters_by_body_and_date(forum_body, alice, bob, staff):
    other = Body.objects.create(name="Coordination group", kind=BodyKind.COORDINATION)
    _ask(forum_body, alice)
    _ask(other, bob)
    today = timezone.localdate()

    page = client_for(staff).get(
        reverse("admin:forum_joinrequest_changelist"),
        {"body__id__exact": other.pk, "created__year": today.year},
    )

    assert page.status_code == 200
    text = page.content.decode()
    assert str(bob) in text and str(alice) not in text


# --- 3. Leaving gives up the coming members-only meetings --------------------------------------


@pytest.fixture
def leaving(frozen, forum_body, alice, bob):
    """alice, a member for a month, holds the one place of a members-only meeting (bob
    waits), waits for another, and is registered for a public meeting, a past meeting and a
    meeting of another body."""
    MemberFactory(body=forum_body, user=alice, start_date=NOW.date() - timedelta(days=30))
    MemberFactory(body=forum_body, user=bob, start_date=NOW.date() - timedelta(days=30))
    full = _meeting(forum_body, 10, title="Laboratory meeting: energy audits", capacity=1)
    services.registration_register(meeting=full, user=alice)
    services.registration_register(meeting=full, user=bob)
    crowded = _meeting(forum_body, 20, title="Laboratory meeting: supply chains", capacity=1)
    services.registration_register(meeting=crowded, user=bob)
    services.registration_register(meeting=crowded, user=alice)
    public = _meeting(forum_body, 15, title="Review meeting with all stakeholders")
    public.visibility = "public"
    public.save(update_fields=["visibility"])
    services.registration_register(meeting=public, user=alice)
    past = _meeting(forum_body, -5, title="Last spring's meeting")
    Registration.objects.create(
        meeting=past, user=alice, status=RegistrationStatus.REGISTERED, constituency="business"
    )
    elsewhere = Body.objects.create(name="Coordination group", kind=BodyKind.COORDINATION)
    MemberFactory(body=elsewhere, user=alice)
    other = _meeting(elsewhere, 10, title="Coordination group meeting")
    services.registration_register(meeting=other, user=alice)
    return {"full": full, "crowded": crowded, "public": public, "past": past, "other": other}


def _status(meeting, user):
    return Registration.objects.get(meeting=meeting, user=user).status


def test_leaving_gives_up_members_only_meetings_and_keeps_the_rest(
    leaving, forum_body, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.member_leave(body=forum_body, user=alice)

    assert [r.meeting for r in withdrawn] == [leaving["full"], leaving["crowded"]]
    assert _status(leaving["full"], alice) == RegistrationStatus.DECLINED
    assert _status(leaving["crowded"], alice) == RegistrationStatus.DECLINED
    assert _status(leaving["public"], alice) == RegistrationStatus.REGISTERED
    assert _status(leaving["past"], alice) == RegistrationStatus.REGISTERED
    assert _status(leaving["other"], alice) == RegistrationStatus.REGISTERED
    # Her place goes to bob, who is told; her reminders of those meetings go, the rest stay.
    assert _status(leaving["full"], bob) == RegistrationStatus.REGISTERED
    reminders = OutgoingEmail.objects.filter(
        to=alice.email, key__startswith="forum.reminder:", status=Status.QUEUED
    )
    assert {key.split(":")[1] for key in reminders.values_list("key", flat=True)} == {
        str(leaving["public"].pk),
        str(leaving["other"].pk),
    }
    assert [m.subject for m in mail.outbox if m.to == [bob.email]] == [
        f"A place is free for you: {leaving['full'].title}"
    ]
    [notice] = [m for m in mail.outbox if m.to == [alice.email]]
    assert notice.subject == (f"Your registrations for meetings of {forum_body.name} are cancelled")
    assert "Laboratory meeting: energy audits" in notice.body
    assert "Laboratory meeting: supply chains" in notice.body
    assert leaving["public"].title not in notice.body
    assert "Laboratory meeting: energy audits" in notice.alternatives[0][0]


def test_the_leave_page_says_which_registrations_were_cancelled(leaving, forum_body, alice):
    client = client_for(alice)
    url = reverse("forum:body_leave", args=[forum_body.slug])
    assert "registrations for its public meetings stay" in client.get(url).content.decode()

    response = client.post(url)

    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said[0] == f"You left {forum_body.name}."
    assert "Laboratory meeting: energy audits" in said[1]
    assert "Laboratory meeting: supply chains" in said[1]


def test_leaving_with_nothing_coming_sends_nothing(frozen, forum_body, alice):
    MemberFactory(body=forum_body, user=alice, start_date=NOW.date() - timedelta(days=30))

    assert services.member_leave(body=forum_body, user=alice) == []
    assert not OutgoingEmail.objects.filter(key__startswith="forum.withdrawn:").exists()


def test_the_secretariat_ending_a_membership_gives_up_meetings_after_the_last_day(
    leaving, forum_body, alice, secretariat
):
    member = forum_body.members.get(user=alice)

    services.member_end(member=member, by=secretariat, on=NOW.date() + timedelta(days=12))

    assert _status(leaving["full"], alice) == RegistrationStatus.REGISTERED  # day 10: a member
    assert _status(leaving["crowded"], alice) == RegistrationStatus.DECLINED  # day 20: not
    assert _status(leaving["public"], alice) == RegistrationStatus.REGISTERED
    notice = OutgoingEmail.objects.get(key__startswith=f"forum.withdrawn:{forum_body.pk}:")
    assert notice.to == alice.email


def test_an_end_date_set_on_the_membership_form_does_the_same(
    leaving, forum_body, alice, secretariat
):
    member = forum_body.members.get(user=alice)

    services.member_update(member=member, by=secretariat, end_date=NOW.date() + timedelta(days=12))

    assert _status(leaving["full"], alice) == RegistrationStatus.REGISTERED
    assert _status(leaving["crowded"], alice) == RegistrationStatus.DECLINED


def test_leaving_a_coalition_and_its_laboratory_gives_up_laboratory_meetings(
    frozen, alice, org_a, django_capture_on_commit_callbacks
):
    coalition = Coalition.objects.get(theme__slug="eco-efficiency")
    laboratory = Body.objects.create(name="Eco-efficiency laboratory", kind=BodyKind.FORUM)
    coalition.laboratory = laboratory
    coalition.save(update_fields=["laboratory"])
    CoalitionMember.objects.create(coalition=coalition, organisation=org_a)
    MemberFactory(body=laboratory, user=alice, start_date=NOW.date() - timedelta(days=10))
    meeting = _meeting(laboratory, 7, title="Laboratory meeting: heat pumps")
    services.registration_register(meeting=meeting, user=alice)
    client = client_for(alice)

    response = client.post(
        reverse("alliance:coalition_leave", args=[coalition.theme.slug]),
        {"organisation": org_a.slug, "laboratory": "on"},
    )
    assert urlsplit(response.url).path == reverse("forum:body_leave", args=[laboratory.slug])
    with django_capture_on_commit_callbacks(execute=True):
        back = client.post(response.url)

    assert back.url == coalition.get_absolute_url()
    assert _status(meeting, alice) == RegistrationStatus.DECLINED
    assert [m.subject for m in mail.outbox] == [
        f"Your registrations for meetings of {laboratory.name} are cancelled"
    ]


def test_someone_promoted_after_a_member_left_gets_the_reminder_when_due(
    leaving, forum_body, alice, bob, frozen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.member_leave(body=forum_body, user=alice)
    mail.outbox.clear()

    frozen.move_to(leaving["full"].starts_at - timedelta(hours=23, minutes=59))
    tasks.dispatch_due.apply()

    subject = f"Reminder: {leaving['full'].title}"
    assert {m.to[0] for m in mail.outbox if m.subject == subject} == {bob.email}


def test_a_stranger_in_the_forum_secretariat_is_not_told_of_their_own_request(
    frozen, forum_body, secretariat, django_capture_on_commit_callbacks
):
    other = UserFactory()
    other.groups.set(secretariat.groups.all())
    with django_capture_on_commit_callbacks(execute=True):
        _ask(forum_body, secretariat)

    assert [m.to for m in mail.outbox] == [[other.email]]


# --- 4. Public registrants: the meeting's emails, not the body's digest -------------------------


def test_a_public_registrant_gets_the_reminder_but_the_meeting_stays_out_of_their_digest(
    frozen, forum_body, alice, charlie, django_capture_on_commit_callbacks
):
    """charlie is no member of the Forum but of a coordination group; he registers for the
    Forum's public review meeting. Its reminder reaches him through the outbox; his weekly
    digest (of his own group) does not list it, while alice's (a Forum member) does."""
    MemberFactory(body=forum_body, user=alice, start_date=NOW.date() - timedelta(days=30))
    group = Body.objects.create(name="Coordination group", kind=BodyKind.COORDINATION)
    MemberFactory(body=group, user=charlie, start_date=NOW.date() - timedelta(days=30))
    own = _meeting(group, 11, title="Coordination group meeting")
    public = _meeting(forum_body, 10, title="Review meeting with all stakeholders")
    public.visibility = "public"
    public.reminder_hours = [24]
    public.save(update_fields=["visibility", "reminder_hours"])
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_register(
            meeting=public, user=charlie, constituency=Constituency.RESEARCH
        )
    reminder = OutgoingEmail.objects.get(to=charlie.email, key__startswith="forum.reminder:")
    assert reminder.due_at == public.starts_at - timedelta(hours=24)

    frozen.move_to(datetime(2031, 5, 5, 5, 0, tzinfo=UTC))  # Monday, 07:00 in Brussels
    mail.outbox.clear()
    assert digests.digests_enqueue() == 2
    by_person = {
        row.to: row.body_text
        for row in OutgoingEmail.objects.filter(key__startswith="forum.digest:")
    }
    assert public.title in by_person[alice.email]
    assert own.title in by_person[charlie.email]
    assert public.title not in by_person[charlie.email]

    frozen.move_to(reminder.due_at + timedelta(minutes=1))
    tasks.dispatch_due.apply()
    assert [m.to for m in mail.outbox if m.subject == f"Reminder: {public.title}"] == [
        [charlie.email]
    ]


class _FormData(HTMLParser):
    """The values a browser would send with the admin's change form, as it is shown."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "button"):
            if attributes.get("type") == "checkbox":
                if "checked" in attributes:
                    self.data[name] = attributes.get("value") or "on"
            else:
                self.data[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            self.data[self._select] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data


def test_ending_a_membership_in_the_admin_gives_up_the_meetings_after_it(
    leaving, forum_body, alice, staff
):
    client = client_for(staff)
    url = reverse("admin:forum_body_change", args=[forum_body.pk])
    parser = _FormData()
    parser.feed(client.get(url).content.decode())
    data = parser.data
    row = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("members-")
        and key.endswith("-id")
        and value == str(forum_body.members.get(user=alice).pk)
    )
    data[f"{row}-end_date"] = (NOW.date() + timedelta(days=12)).isoformat()

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert forum_body.members.get(user=alice).end_date == NOW.date() + timedelta(days=12)
    assert _status(leaving["full"], alice) == RegistrationStatus.REGISTERED
    assert _status(leaving["crowded"], alice) == RegistrationStatus.DECLINED


def test_a_member_whose_membership_ends_first_cannot_register_for_a_later_meeting(
    frozen, forum_body, alice, secretariat
):
    member = MemberFactory(body=forum_body, user=alice, start_date=NOW.date() - timedelta(days=30))
    services.member_end(member=member, by=secretariat, on=NOW.date() + timedelta(days=12))
    before = _meeting(forum_body, 10)
    after = _meeting(forum_body, 20)

    registered = services.registration_register(meeting=before, user=alice)
    with pytest.raises(PermissionDenied):
        services.registration_register(meeting=after, user=alice)

    assert registered.status == RegistrationStatus.REGISTERED
    assert not after.registrations.filter(user=alice).exists()
