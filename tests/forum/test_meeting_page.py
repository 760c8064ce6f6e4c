"""What a meeting's page shows each viewer: it reads the viewer's standing, zone and answer with
the meeting, every paper in one query, the registration figures in one and the action items in
one, so these tests pin what those combined reads must still tell apart."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import ActionItem, Constituency, MemberPreferences, MemberRole, Recommendation
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory, MemberFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 paper")


def test_each_member_sees_their_own_answer_and_everyone_the_same_counts(
    forum_body, alice, bob, alice_member, bob_member
):
    meeting = MeetingFactory(body=forum_body, capacity=1)
    services.registration_register(meeting=meeting, user=alice)
    services.registration_register(meeting=meeting, user=bob)

    alices = client_for(alice).get(meeting.get_absolute_url())
    bobs = client_for(bob).get(meeting.get_absolute_url())

    assert alices.context["registration"].status == "registered"
    assert "Your answer: registered." in alices.content.decode()
    assert bobs.context["registration"].status == "waiting"
    assert "Your answer: on the waiting list." in bobs.content.decode()
    for response in (alices, bobs):
        assert "1 of 1 taken, 1 waiting" in response.content.decode()


def test_a_member_who_has_not_answered_is_offered_both_answers(alice_client, alice_member, meeting):
    response = alice_client.get(meeting.get_absolute_url())
    html = response.content.decode()

    assert response.context["registration"] is None
    assert "Your answer" not in html
    assert ">Register</button>" in html and ">Decline</button>" in html


def test_the_balance_counts_registrations_per_constituency_of_attending_members(
    forum_body, alice, alice_client, alice_member, bob_member, meeting
):
    MemberFactory(body=forum_body, constituency=Constituency.RESEARCH, role=MemberRole.INFORMED)
    MemberFactory(body=forum_body, constituency=Constituency.CIVIL_SOCIETY, end_date=None)
    services.registration_register(meeting=meeting, user=alice)

    balance = alice_client.get(meeting.get_absolute_url()).context["balance"]

    # Informed-only members take no part in meetings: research has no row.
    assert {row["key"]: row["count"] for row in balance} == {
        "business": 1,
        "trade-unions": 0,
        "civil-society": 0,
    }


def test_papers_show_under_their_agenda_item_and_the_rest_below(
    secretariat, alice_client, alice_member, meeting
):
    first = services.agenda_item_add(meeting=meeting, by=secretariat, title="Opening")
    second = services.agenda_item_add(meeting=meeting, by=secretariat, title="Progress")
    for title, item in (("Draft report", second), ("Annex", second), ("Attendance list", None)):
        services.document_upload(
            meeting=meeting, by=secretariat, title=title, upload=_pdf("p.pdf"), agenda_item=item
        )
    other = MeetingFactory(body=meeting.body)
    services.document_upload(
        meeting=other, by=secretariat, title="Another meeting's paper", upload=_pdf("o.pdf")
    )

    response = alice_client.get(meeting.get_absolute_url())

    agenda = response.context["agenda"]
    assert [item.pk for item in agenda] == [first.pk, second.pk]
    assert [[d.title for d in item.papers] for item in agenda] == [[], ["Annex", "Draft report"]]
    assert [d.title for d in response.context["documents"]] == ["Attendance list"]
    html = response.content.decode()
    assert "Another meeting&#x27;s paper" not in html and "Another meeting's paper" not in html
    assert html.index("Draft report") < html.index("Attendance list")


def test_action_items_agreed_here_and_carried_over_from_before_are_told_apart(
    secretariat, forum_body, alice, alice_client, alice_member
):
    now = timezone.now()
    earlier = MeetingFactory(body=forum_body, title="Spring meeting", starts_at=now - timedelta(30))
    meeting = MeetingFactory(body=forum_body, starts_at=now + timedelta(days=5))
    later = MeetingFactory(body=forum_body, starts_at=now + timedelta(days=60))

    def action(at, title, **fields):
        return ActionItem.objects.create(
            body=forum_body, meeting=at, title=title, owner=alice, due_date=now.date(), **fields
        )

    open_before = action(earlier, "Collect examples")
    action(earlier, "Done long ago", done_at=now - timedelta(days=20))
    agreed = action(meeting, "Draft the letter")
    action(later, "Not yet agreed")
    MeetingFactory(body=MemberFactory().body)  # another body's meetings stay out

    response = alice_client.get(meeting.get_absolute_url())

    assert response.context["carried_over"] == [open_before]
    assert response.context["action_items"] == [agreed]
    assert "from Spring meeting" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "manages", "may_register"),
    [
        (MemberRole.SECRETARIAT, True, True),
        (MemberRole.MEMBER, False, True),
        (MemberRole.INFORMED, False, False),
    ],
)
def test_the_role_in_the_body_decides_what_the_page_offers(
    forum_body, alice, meeting, role, manages, may_register
):
    MemberFactory(body=forum_body, user=alice, role=role)

    response = client_for(alice).get(meeting.get_absolute_url())

    assert response.context["is_member"] is True
    assert response.context["can_manage"] is manages
    assert response.context["can_register"] is may_register
    assert ("Change meeting" in response.content.decode()) is manages


def test_the_forum_secretariat_manages_meetings_of_bodies_it_is_not_in(secretariat, meeting):
    response = client_for(secretariat).get(meeting.get_absolute_url())

    assert response.status_code == 200
    assert response.context["can_manage"] is True
    assert response.context["can_register"] is False  # not a member: nothing to attend
    assert response.context["registration"] is None


def test_a_former_member_is_neither_member_nor_manager(forum_body, alice, public_meeting):
    MemberFactory(
        body=forum_body,
        user=alice,
        role=MemberRole.SECRETARIAT,
        start_date=timezone.localdate() - timedelta(days=30),
        end_date=timezone.localdate() - timedelta(days=1),
    )

    response = client_for(alice).get(public_meeting.get_absolute_url())

    assert response.context["is_member"] is False
    assert response.context["can_manage"] is False
    assert "balance" not in response.context


def test_a_person_without_forum_settings_reads_times_in_the_sites_zone(
    alice_client, alice_member, meeting, settings
):
    response = alice_client.get(meeting.get_absolute_url())

    assert str(response.context["viewer_tz"]) == settings.TIME_ZONE


# --- What every viewer shares is kept in the cache (selectors.meeting_page_parts) -------------


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_a_second_view_takes_what_every_viewer_shares_from_the_cache(
    settings, alice_client, alice_member, meeting
):
    url = meeting.get_absolute_url()
    alice_client.get(url)  # the session in place
    settings.PAGE_CACHE_SECONDS = 300
    first = queries_for(alice_client, url)

    with CaptureQueriesContext(connection) as second:
        alice_client.get(url)

    # The meeting, papers, agenda, registration figures, recommendation reviews, action items;
    # the viewer (standing, zone, answer) is read afresh.
    assert len(second) == first - 6
    assert not [q for q in second.captured_queries if "forum_agendaitem" in q["sql"]]


@pytest.mark.usefixtures("cache_on")
def test_changes_through_the_services_show_at_once(
    secretariat,
    forum_body,
    alice,
    alice_client,
    alice_member,
    bob,
    bob_member,
    meeting,
    django_capture_on_commit_callbacks,
):
    recommendation = Recommendation.objects.create(
        body=forum_body, reference="R7", title="Green procurement", text="x"
    )
    url = meeting.get_absolute_url()
    before = alice_client.get(url)
    assert before.context["agenda"] == [] and before.context["reviews"] == []
    assert before.context["registered_count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_add(meeting=meeting, by=secretariat, title="Green procurement")
    with django_capture_on_commit_callbacks(execute=True):
        services.document_upload(
            meeting=meeting, by=secretariat, title="Background note", upload=_pdf("n.pdf")
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_register(meeting=meeting, user=bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.action_item_add(
            meeting=meeting,
            by=secretariat,
            title="Write to the Commission",
            owner=alice,
            due_date=timezone.localdate(),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_review(
            recommendation=recommendation, by=secretariat, meeting=meeting, status="accepted"
        )
    after = alice_client.get(url)

    assert [item.title for item in after.context["agenda"]] == ["Green procurement"]
    assert [d.title for d in after.context["documents"]] == ["Background note"]
    assert after.context["registered_count"] == 1
    assert {r["key"]: r["count"] for r in after.context["balance"]}["trade-unions"] == 1
    assert [r.recommendation for r in after.context["reviews"]] == [recommendation]
    assert [item.title for item in after.context["action_items"]] == ["Write to the Commission"]


@pytest.mark.usefixtures("cache_on")
def test_a_membership_that_starts_tomorrow_counts_in_the_balance_tomorrow(
    forum_body, alice_client, alice_member, meeting
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    MemberFactory(body=forum_body, constituency=Constituency.RESEARCH, start_date=tomorrow)

    def constituencies() -> set[str]:
        return {
            row["key"] for row in alice_client.get(meeting.get_absolute_url()).context["balance"]
        }

    assert "research" not in constituencies()
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert "research" in constituencies()


@pytest.mark.usefixtures("cache_on")
def test_what_an_outsider_filled_in_the_cache_stays_hidden_from_them_and_shown_to_members(
    charlie_client, alice_client, alice_member, bob_member, public_meeting
):
    url = public_meeting.get_absolute_url()
    outsider = charlie_client.get(url)
    member = alice_client.get(url)
    outsider_again = charlie_client.get(url)

    for response in (outsider, outsider_again):
        assert "balance" not in response.context and "reviews" not in response.context
        assert "Registrations per constituency" not in response.content.decode()
    assert "Registrations per constituency" in member.content.decode()


# --- The parts without forms are kept rendered per audience (views.meetings._shared_html) -----


@pytest.mark.usefixtures("cache_on")
def test_what_a_member_filled_in_the_cache_stays_hidden_from_outsiders(
    forum_body, secretariat, alice, alice_client, alice_member, charlie_client, public_meeting
):
    earlier = MeetingFactory(body=forum_body, starts_at=timezone.now() - timedelta(days=30))
    ActionItem.objects.create(
        body=forum_body,
        meeting=earlier,
        title="Carried over to the open meeting",
        owner=alice,
        due_date=timezone.localdate(),
    )
    url = public_meeting.get_absolute_url()

    member = alice_client.get(url).content.decode()
    outsider = charlie_client.get(url).content.decode()

    assert "Registrations per constituency" in member
    assert "Carried over to the open meeting" in member
    assert "Registrations per constituency" not in outsider
    assert "Carried over to the open meeting" not in outsider


@pytest.mark.usefixtures("cache_on")
def test_the_secretariat_gets_its_buttons_and_members_never_do_whoever_came_first(
    secretariat, alice_client, alice_member, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_item_add(meeting=meeting, by=secretariat, title="Green procurement")
    url = meeting.get_absolute_url()
    managing = client_for(secretariat)

    for _ in range(2):
        member = alice_client.get(url).content.decode()
        manager = managing.get(url).content.decode()
        assert "Green procurement" in member and "Green procurement" in manager
        assert "Move up" not in member and "Add agenda item" not in member
        assert "Add agenda item" in manager and "Remove" in manager


@pytest.mark.usefixtures("cache_on")
def test_the_kept_parts_follow_the_viewers_time_zone(
    alice, alice_client, alice_member, bob_client, bob_member, meeting
):
    MemberPreferences.objects.update_or_create(
        user=alice, defaults={"time_zone": "America/New_York"}
    )
    url = meeting.get_absolute_url()

    bobs = bob_client.get(url).content.decode()
    alices = alice_client.get(url).content.decode()

    assert "in your time zone" not in bobs
    assert "in your time zone" in alices


@pytest.mark.usefixtures("cache_on")
def test_published_minutes_show_at_once_to_a_member_who_saw_none(
    secretariat, alice_client, alice_member, meeting, django_capture_on_commit_callbacks
):
    url = meeting.get_absolute_url()
    assert "No minutes have been published yet." in alice_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        minutes = services.minutes_save(
            meeting=meeting, by=secretariat, kind="minutes", text="Agreed to write."
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(minutes=minutes, by=secretariat, confirm_future=True)

    assert "Agreed to write." in alice_client.get(url).content.decode()
