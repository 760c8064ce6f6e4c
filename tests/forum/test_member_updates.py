"""Members' activity updates: standing items of a series, updates sent until the deadline, the
update paper compiled (grouped as the body chooses), circulated and read as a page and a PDF,
and the body's updates searched by its members."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum import papers, services
from forum.models import (
    UPDATES_ITEM_TITLE,
    Constituency,
    Location,
    MemberRole,
    MemberUpdate,
    UpdateGrouping,
)
from notifications.models import OutgoingEmail
from tests.conftest import client_for
from tests.forum.factories import MeetingFactory, MemberFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def collecting(forum_body, frozen):
    """A meeting in a fortnight whose members' updates are due three days before it."""
    starts = NOW + timedelta(days=14)
    return MeetingFactory(
        body=forum_body,
        title="Bimonthly meeting of focal persons",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="Europe/Zurich",
        updates_due_at=starts - timedelta(days=3),
    )


def _series(body, by):
    return services.series_create(
        body=body,
        by=by,
        title="Bimonthly meeting of focal persons",
        first_date=date(2031, 3, 20),
        start_time=time(10, 0),
        duration=timedelta(hours=2),
        time_zone="Europe/Zurich",
        interval_months=2,
        until=date(2031, 9, 30),
    )


# --- Standing items --------------------------------------------------------------------------


def test_a_standing_item_opens_the_agenda_of_each_future_meeting_of_the_series(
    forum_body, secretariat, frozen
):
    series = _series(forum_body, secretariat)
    first = series.meetings.order_by("starts_at").first()
    services.agenda_item_add(meeting=first, by=secretariat, title="Briefing on social auditing")

    services.standing_item_add(
        series=series, by=secretariat, title=UPDATES_ITEM_TITLE, updates_days_before=3
    )

    for meeting in series.meetings.all():
        titles = list(meeting.agenda_items.order_by("position").values_list("title", flat=True))
        assert titles[0] == UPDATES_ITEM_TITLE
        assert meeting.updates_due_at == meeting.starts_at - timedelta(days=3)
    assert list(first.agenda_items.order_by("position").values_list("title", flat=True)) == [
        UPDATES_ITEM_TITLE,
        "Briefing on social auditing",
    ]
    # Adding it again to the same meetings changes nothing.
    assert all(services.standing_items_apply(m) == 0 for m in series.meetings.all())


def test_meetings_scheduled_later_in_the_series_get_the_standing_items(
    forum_body, secretariat, frozen
):
    series = _series(forum_body, secretariat)
    services.standing_item_add(
        series=series, by=secretariat, title=UPDATES_ITEM_TITLE, updates_days_before=5
    )
    series.until = None
    series.save()

    frozen.move_to(NOW + timedelta(days=200))
    assert services.series_extend(series=series) > 0

    latest = series.meetings.order_by("-starts_at").first()
    assert latest.agenda_items.get().title == UPDATES_ITEM_TITLE
    assert latest.updates_due_at == latest.starts_at - timedelta(days=5)


def test_only_the_secretariat_adds_standing_items(forum_body, secretariat, alice, alice_member):
    series = _series(forum_body, secretariat)
    with pytest.raises(PermissionDenied):
        services.standing_item_add(series=series, by=alice, title="Any other business")


def test_the_series_page_adds_a_standing_item(forum_body, secretariat, alice, alice_member):
    series = _series(forum_body, secretariat)
    url = reverse("forum:series_standing", args=[series.uid])

    response = client_for(secretariat).post(
        url, {"title": UPDATES_ITEM_TITLE, "presenter": "Members", "updates_days_before": "3"}
    )

    assert response.status_code == 302
    assert series.standing_items.get().updates_days_before == 3
    assert client_for(alice).get(url).status_code == 403
    assert client_for(secretariat).post(url, {"title": ""}).status_code == 400


def test_moving_a_meeting_moves_its_deadline(collecting, secretariat):
    services.meeting_update(
        meeting=collecting,
        by=secretariat,
        starts_at=collecting.starts_at + timedelta(days=7),
        ends_at=collecting.ends_at + timedelta(days=7),
    )
    collecting.refresh_from_db()
    assert collecting.updates_due_at == collecting.starts_at - timedelta(days=3)


# --- Sending updates ---------------------------------------------------------------------------


def test_a_member_sends_and_changes_an_update_until_the_deadline(
    collecting, alice, alice_member, frozen
):
    update = services.update_submit(
        meeting=collecting, user=alice, text="A CSR symposium with the UN University."
    )
    services.update_submit(meeting=collecting, user=alice, text="  Symposium moved to June. ")

    update.refresh_from_db()
    assert update.text == "Symposium moved to June."
    assert MemberUpdate.objects.count() == 1

    frozen.move_to(collecting.updates_due_at + timedelta(minutes=1))
    with pytest.raises(ValidationError, match="were due by"):
        services.update_submit(meeting=collecting, user=alice, text="Too late.")
    update.refresh_from_db()
    assert update.text == "Symposium moved to June."


def test_informed_only_members_and_outsiders_send_no_update(collecting, alice, bob, forum_body):
    MemberFactory(body=forum_body, user=alice, role=MemberRole.INFORMED)
    for user in (alice, bob):
        with pytest.raises(PermissionDenied):
            services.update_submit(meeting=collecting, user=user, text="News.")


def test_a_meeting_without_a_deadline_collects_no_update(meeting, alice, alice_member):
    with pytest.raises(ValidationError, match="does not collect"):
        services.update_submit(meeting=meeting, user=alice, text="News.")


def test_empty_updates_are_refused(collecting, alice, alice_member):
    with pytest.raises(ValidationError):
        services.update_submit(meeting=collecting, user=alice, text="   ")


def test_the_updates_page_takes_an_update_and_refuses_a_late_one(
    collecting, alice, alice_member, frozen
):
    client = client_for(alice)
    url = reverse("forum:meeting_updates", args=[collecting.uid])

    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Training of field staff on the MNE Declaration."})
    assert response.status_code == 302
    assert "Training of field staff" in client.get(url).content.decode()

    frozen.move_to(collecting.updates_due_at + timedelta(hours=1))
    client = client_for(alice)  # signed in again: the session of eleven days ago has lapsed
    response = client.post(url, {"text": "Changed after the deadline."})
    assert response.status_code == 400
    assert "were due by" in response.content.decode()
    assert MemberUpdate.objects.get().text.startswith("Training of field staff")


def test_the_updates_pages_are_for_members_only(collecting, alice, alice_member, bob, secretariat):
    collecting.visibility = "public"
    collecting.save()
    services.update_submit(meeting=collecting, user=alice, text="News.")
    services.update_paper_compile(meeting=collecting, by=secretariat)
    urls = [
        reverse("forum:meeting_updates", args=[collecting.uid]),
        reverse("forum:update_paper", args=[collecting.uid]),
        reverse("forum:update_paper_pdf", args=[collecting.uid]),
        reverse("forum:body_updates", args=[collecting.body.slug]),
    ]
    for url in urls:
        assert client_for(bob).get(url).status_code == 404, url
        assert client_for(alice).get(url).status_code == 200, url
    for name in ("updates_deadline", "update_paper_compile"):
        url = reverse(f"forum:{name}", args=[collecting.uid])
        assert client_for(bob).get(url).status_code == 404
        assert client_for(alice).get(url).status_code == 403
        assert client_for(secretariat).get(url).status_code == 200


def test_the_secretariat_sets_the_deadline_in_the_meetings_zone(collecting, secretariat):
    response = client_for(secretariat).post(
        reverse("forum:updates_deadline", args=[collecting.uid]), {"due": "2031-03-12T17:00"}
    )

    assert response.status_code == 302
    collecting.refresh_from_db()
    assert collecting.updates_due_at == datetime(2031, 3, 12, 16, 0, tzinfo=UTC)  # Zurich, CET
    with pytest.raises(ValidationError):
        services.updates_deadline_set(
            meeting=collecting, by=secretariat, due_at=collecting.starts_at + timedelta(hours=1)
        )


# --- The update paper --------------------------------------------------------------------------


def _three_updates(meeting, body):
    people = [
        (Constituency.TRADE_UNIONS, Location.FIELD, "Training for trade unions in Jakarta."),
        (
            Constituency.BUSINESS,
            Location.HEADQUARTERS,
            "Dialogue with the Better Cotton Initiative.",
        ),
        (Constituency.BUSINESS, Location.FIELD, "A CSR symposium in Tokyo."),
    ]
    members = []
    for constituency, location, text in people:
        member = MemberFactory(body=body, constituency=constituency, location=location)
        services.update_submit(meeting=meeting, user=member.user, text=text)
        members.append(member)
    return members


def test_the_paper_groups_updates_by_constituency_and_is_circulated_to_every_member(
    collecting, forum_body, secretariat, django_capture_on_commit_callbacks
):
    _three_updates(collecting, forum_body)
    informed = MemberFactory(body=forum_body, role=MemberRole.INFORMED)

    paper = services.update_paper_compile(meeting=collecting, by=secretariat)

    assert [g["label"] for g in paper.content] == ["Business", "Trade unions"]
    assert len(paper.content[0]["entries"]) == 2
    assert paper.revision == 1
    mails = OutgoingEmail.objects.filter(key__startswith="forum.update_paper:")
    assert mails.count() == forum_body.members.count() == 4
    mail = mails.get(to=informed.user.email)
    assert f"/forum/meetings/{collecting.uid}/updates/paper/" in mail.body_text
    assert "/unsubscribe/" in mail.body_text
    assert "Stop these emails" in mail.body_html
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Compiling again is a new revision, circulated again; the first stays as it was sent.
    again = services.update_paper_compile(meeting=collecting, by=secretariat)
    assert again.revision == 2
    assert mails.count() == 8


def test_the_paper_groups_by_headquarters_and_field_when_the_body_chooses(
    collecting, forum_body, secretariat
):
    forum_body.update_grouping = UpdateGrouping.LOCATION
    forum_body.save()
    _three_updates(collecting, forum_body)

    paper = services.update_paper_compile(meeting=collecting, by=secretariat)

    assert [g["label"] for g in paper.content] == ["Headquarters", "Field office"]
    assert [len(g["entries"]) for g in paper.content] == [1, 2]


def test_nothing_to_compile_is_refused(collecting, secretariat, alice, alice_member):
    with pytest.raises(ValidationError):
        services.update_paper_compile(meeting=collecting, by=secretariat)
    services.update_submit(meeting=collecting, user=alice, text="News.")
    with pytest.raises(PermissionDenied):
        services.update_paper_compile(meeting=collecting, by=alice)


def test_the_paper_stays_as_compiled_when_an_update_changes(
    collecting, alice, alice_member, secretariat
):
    services.update_submit(meeting=collecting, user=alice, text="First text.")
    paper = services.update_paper_compile(meeting=collecting, by=secretariat)
    services.update_submit(meeting=collecting, user=alice, text="Second text.")
    paper.refresh_from_db()
    assert paper.content[0]["entries"][0]["text"] == "First text."


def test_the_pdf_holds_the_members_text(collecting, forum_body, secretariat, alice, alice_member):
    services.update_submit(
        meeting=collecting, user=alice, text="Übersetzung der MNE-Erklärung ins Japanische."
    )
    paper = services.update_paper_compile(meeting=collecting, by=secretariat)

    data = papers.pdf_bytes(paper, collecting)
    assert data.startswith(b"%PDF")

    response = client_for(alice).get(reverse("forum:update_paper_pdf", args=[collecting.uid]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000
    page = client_for(alice).get(reverse("forum:update_paper", args=[collecting.uid]))
    assert "Übersetzung der MNE-Erklärung" in page.content.decode()


def test_compiling_through_the_page(collecting, secretariat, alice, alice_member):
    services.update_submit(meeting=collecting, user=alice, text="News.")
    client = client_for(secretariat)
    url = reverse("forum:update_paper_compile", args=[collecting.uid])

    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("forum:update_paper", args=[collecting.uid])


# --- Searching the body's updates --------------------------------------------------------------


def test_members_search_the_bodys_updates(collecting, forum_body, alice, alice_member):
    _three_updates(collecting, forum_body)
    url = reverse("forum:body_updates", args=[forum_body.slug])

    found = client_for(alice).get(url, {"q": "cotton"}).content.decode()
    assert "Better Cotton Initiative" in found and "Tokyo" not in found
    everything = client_for(alice).get(url).content.decode()
    assert "Tokyo" in everything and "Jakarta" in everything
    nothing = client_for(alice).get(url, {"q": "cotton Tokyo"}).content.decode()
    assert "No update matches your search." in nothing


def test_the_updates_list_keeps_a_constant_number_of_queries(
    forum_body, alice, alice_member, secretariat
):
    client = client_for(alice)
    url = reverse("forum:body_updates", args=[forum_body.slug])

    def grow(n):
        for _ in range(n):
            meeting = MeetingFactory(
                body=forum_body, updates_due_at=timezone.now() + timedelta(days=1)
            )
            for member in [MemberFactory(body=forum_body) for _ in range(2)]:
                services.update_submit(meeting=meeting, user=member.user, text="Skills audits.")

    grow(1)
    client.get(url)
    few = queries_for(client, url)
    grow(5)
    assert queries_for(client, url) == few
    assert queries_for(client, url + "?q=skills") == few
