"""Minutes and summary notes (draft, publish, circulate, reopen with a visible revision),
attendance, and action items that carry over until they are done."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import privacy
from forum import services
from forum.models import ActionItem, Meeting, MeetingStatus, MemberRole, Minutes, Registration
from notifications.services import email_opt_out, unsubscribe_url
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(forum_body):
    """Minutes follow a meeting: this one was held yesterday."""
    yesterday = timezone.now() - timedelta(days=1)
    return MeetingFactory(body=forum_body, starts_at=yesterday)


@pytest.fixture
def informed(meeting, charlie):
    return MemberFactory(body=meeting.body, user=charlie, role=MemberRole.INFORMED)


def _now_past(meeting):
    """The meeting people registered for has taken place."""
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )


def _publish(client, meeting, text="The Group met in Geneva."):
    client.post(
        reverse("forum:minutes_edit", args=[meeting.uid]), {"kind": "summary", "text": text}
    )
    return client.post(reverse("forum:minutes_publish", args=[meeting.uid]))


def test_publishing_circulates_to_every_member_informed_only_included(
    secretariat, meeting, alice_member, bob_member, informed, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = _publish(client, meeting)

    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.is_published and minutes.revision == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
        "charlie@example.org",
    ]
    assert all(m.alternatives[0].mimetype == "text/html" for m in mail.outbox)
    assert "The Group met in Geneva." in mail.outbox[0].body


def test_draft_minutes_are_visible_to_the_secretariat_only(
    secretariat, meeting, alice_client, alice_member
):
    client_for(secretariat).post(
        reverse("forum:minutes_edit", args=[meeting.uid]), {"kind": "minutes", "text": "Draft text"}
    )

    assert "Draft text" in client_for(secretariat).get(meeting.get_absolute_url()).content.decode()
    assert "Draft text" not in alice_client.get(meeting.get_absolute_url()).content.decode()


def test_reopening_keeps_the_published_text_until_the_next_revision(
    secretariat, meeting, alice_client, alice_member, django_capture_on_commit_callbacks
):
    client = client_for(secretariat)
    _publish(client, meeting, "First text.")
    reopen = reverse("forum:minutes_reopen", args=[meeting.uid])
    assert client.post(reopen, {"reason": ""}).status_code == 400

    client.post(reopen, {"reason": "Corrected the list of participants"})
    client.post(
        reverse("forum:minutes_edit", args=[meeting.uid]),
        {"kind": "summary", "text": "Second text."},
    )
    member_page = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "First text." in member_page and "Second text." not in member_page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forum:minutes_publish", args=[meeting.uid]))

    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    assert "Second text." in page
    assert "revision 2" in page
    assert "Corrected the list of participants" in page
    assert [m.subject for m in mail.outbox] == [f"Summary note of {meeting.title} (revision 2)"]


def test_publishing_twice_is_refused(secretariat, meeting):
    client = client_for(secretariat)
    _publish(client, meeting)

    response = client.post(reverse("forum:minutes_publish", args=[meeting.uid]), follow=True)

    assert "already published" in response.content.decode()
    assert Minutes.objects.get().revision == 1


def test_members_cannot_publish_minutes(alice_client, alice_member, meeting):
    Minutes.objects.create(meeting=meeting, text="x")
    assert (
        alice_client.post(reverse("forum:minutes_publish", args=[meeting.uid])).status_code == 403
    )
    assert alice_client.get(reverse("forum:minutes_edit", args=[meeting.uid])).status_code == 403


def test_attendance_log_marks_the_meeting_held(
    secretariat, forum_body, alice, alice_member, bob, bob_member
):
    meeting = MeetingFactory(body=forum_body)
    services.registration_register(meeting=meeting, user=alice)
    services.registration_register(meeting=meeting, user=bob)
    _now_past(meeting)

    response = client_for(secretariat).post(
        reverse("forum:attendance", args=[meeting.uid]), {"present": [alice.pk]}
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    attended = dict(Registration.objects.values_list("user_id", "attended"))
    assert attended == {alice.pk: True, bob.pk: False}


def test_attendance_refuses_people_outside_the_body(secretariat, meeting, charlie):
    response = client_for(secretariat).post(
        reverse("forum:attendance", args=[meeting.uid]), {"present": [charlie.pk]}
    )
    assert response.status_code == 400


def test_open_action_items_carry_over_until_done(secretariat, forum_body, alice, alice_member):
    now = timezone.now()
    first = MeetingFactory(body=forum_body, starts_at=now - timedelta(days=60))
    second = MeetingFactory(body=forum_body, starts_at=now - timedelta(days=1))
    third = MeetingFactory(body=forum_body, starts_at=now + timedelta(days=60))
    client = client_for(secretariat)
    client.post(
        reverse("forum:action_add", args=[first.uid]),
        {
            "title": "Circulate the register of CSR activities",
            "owner": alice.pk,
            "due_date": "2031-01-01",
        },
    )
    item = ActionItem.objects.get()

    assert list(ActionItem.objects.carried_to(second)) == [item]
    assert list(ActionItem.objects.carried_to(third)) == [item]
    assert list(ActionItem.objects.carried_to(first)) == []
    assert "Circulate the register" in client.get(third.get_absolute_url()).content.decode()

    response = client_for(alice).post(reverse("forum:action_done", args=[item.uid]))
    assert response.status_code == 302

    assert list(ActionItem.objects.carried_to(third)) == []
    # The past meeting's agenda stays as it was: the item was still open then.
    assert list(ActionItem.objects.carried_to(second)) == [item]


def test_only_owner_or_secretariat_closes_an_action(
    forum_body, meeting, alice, alice_member, bob, bob_member
):
    item = ActionItem.objects.create(
        body=forum_body, meeting=meeting, title="Draft", owner=alice, due_date=timezone.localdate()
    )

    assert client_for(bob).post(reverse("forum:action_done", args=[item.uid])).status_code == 403
    item.refresh_from_db()
    assert not item.is_done


def test_action_owner_must_belong_to_the_body(secretariat, meeting, charlie):
    response = client_for(secretariat).post(
        reverse("forum:action_add", args=[meeting.uid]),
        {"title": "x", "owner": charlie.pk, "due_date": "2031-01-01"},
    )
    assert response.status_code == 400
    assert not ActionItem.objects.exists()


def test_action_items_page_is_for_members(
    client, charlie_client, alice_client, alice_member, forum_body
):
    url = reverse("forum:actions", args=[forum_body.slug])
    assert alice_client.get(url).status_code == 200
    assert charlie_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_an_action_outlives_its_owner_leaving_the_portal(
    forum_body, meeting, alice, bob, bob_member, secretariat
):
    item = ActionItem.objects.create(
        body=forum_body, meeting=meeting, title="Draft", owner=alice, due_date=timezone.localdate()
    )

    privacy.account_delete(user=alice)

    item.refresh_from_db()
    assert item.owner is None
    for url in (
        reverse("forum:actions", args=[forum_body.slug]),
        reverse("forum:body", args=[forum_body.slug]),
        meeting.get_absolute_url(),
    ):
        assert client_for(bob).get(url).status_code == 200
    client_for(secretariat).post(reverse("forum:action_done", args=[item.uid]))
    item.refresh_from_db()
    assert item.is_done


def test_meeting_cannot_be_cancelled_once_held(secretariat, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)

    response = client_for(secretariat).post(
        reverse("forum:meeting_cancel", args=[meeting.uid]), follow=True
    )

    assert "can no longer be cancelled" in response.content.decode()


def test_minutes_keep_their_headings(
    secretariat, meeting, alice_client, alice_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _publish(client_for(secretariat), meeting, "## Present\n\nAlice, Bob\n\n### Apologies")

    page = alice_client.get(meeting.get_absolute_url()).content.decode()
    # Under the section's own h2 "Minutes": the text's headings start at h3.
    assert '<h2 id="minutes-heading">Minutes</h2>' in page
    assert "<h3>Present</h3>" in page and "<h4>Apologies</h4>" in page
    assert "<h2>Present</h2>" in mail.outbox[0].alternatives[0].content


def _add_action(client, meeting, owner):
    return client.post(
        reverse("forum:action_add", args=[meeting.uid]),
        {"title": "Circulate the register", "owner": owner.pk, "due_date": "2031-01-15"},
    )


def test_the_owner_of_a_new_action_item_is_emailed(
    secretariat, meeting, alice, alice_member, django_capture_on_commit_callbacks
):
    # Frozen: the unsubscribe link is signed with the second it was made in, and the one
    # made below must be the same.
    with time_machine.travel(timezone.now(), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert _add_action(client_for(secretariat), meeting, alice).status_code == 302
        link = unsubscribe_url(user_id=alice.pk, topic=services.TOPIC_ACTIONS)

    [message] = mail.outbox
    assert message.to == [alice.email]
    assert message.subject == "Action item for you: Circulate the register"
    assert meeting.title in message.body and "due 15 January 2031" in message.body
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    html = message.alternatives[0].content
    actions = settings.SITE_URL + reverse("forum:actions", args=[meeting.body.slug])
    assert f'href="{actions}"' in html and actions in message.body
    assert "Circulate the register" in html


def test_no_action_item_email_after_unsubscribing_or_for_ones_own(
    secretariat, meeting, alice, alice_member, django_capture_on_commit_callbacks
):
    email_opt_out(user_id=alice.pk, topic=services.TOPIC_ACTIONS)
    MemberFactory(body=meeting.body, user=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        _add_action(client_for(secretariat), meeting, alice)
        _add_action(client_for(secretariat), meeting, secretariat)

    assert ActionItem.objects.count() == 2
    assert mail.outbox == []
