"""List pages and body pages take the same number of queries with few rows as with many."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import ActionItem, Body, Recommendation, RecommendationReview
from tests.conftest import client_for
from tests.forum.factories import BodyFactory, MeetingFactory, MemberFactory
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _grow(body: Body, secretariat, n: int, offset: int = 0) -> None:
    """Add n of everything: members, meetings with agenda and documents, registrations,
    action items, recommendations with reviews."""
    now = timezone.now()
    members = [MemberFactory(body=body) for _ in range(n)]
    for i in range(n):
        upcoming = MeetingFactory(body=body, starts_at=now + timedelta(days=i + 1))
        past = MeetingFactory(body=body, starts_at=now - timedelta(days=i + 30))
        item = services.agenda_item_add(
            meeting=upcoming, by=secretariat, title=f"Item {i}", presenter="P"
        )
        services.document_upload(
            meeting=upcoming,
            by=secretariat,
            title=f"Paper {i}",
            upload=SimpleUploadedFile(f"p{i}.pdf", b"%PDF-1.4"),
            agenda_item=item,
        )
        services.registration_register(meeting=upcoming, user=members[i].user)
        ActionItem.objects.create(
            body=body, meeting=past, title=f"Action {i}", owner=members[i].user, due_date=now.date()
        )
        recommendation = Recommendation.objects.create(
            body=body, reference=f"R{offset + i}", title="t", text="x"
        )
        RecommendationReview.objects.create(
            recommendation=recommendation, meeting=past, status="open"
        )
    BodyFactory()


def _urls(body, meeting, recommendation):
    return [
        reverse("forum:index"),
        reverse("forum:meetings"),
        reverse("forum:meetings") + "?when=upcoming",
        body.get_absolute_url(),
        reverse("forum:members", args=[body.slug]),
        reverse("forum:actions", args=[body.slug]),
        reverse("forum:recommendations", args=[body.slug]),
        recommendation.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("forum:me"),
    ]


@pytest.mark.parametrize("viewer", ["secretariat", "member", "anonymous"])
def test_pages_keep_a_constant_number_of_queries(viewer, forum_body, secretariat, alice, client):
    MemberFactory(body=forum_body, user=alice)
    _grow(forum_body, secretariat, 2)
    meeting = forum_body.meetings.upcoming().first()
    recommendation = forum_body.recommendations.first()
    client = {
        "secretariat": client_for(secretariat),
        "member": client_for(alice),
        "anonymous": client,
    }[viewer]
    urls = _urls(forum_body, meeting, recommendation)
    if viewer == "anonymous":
        meeting.visibility = "public"
        meeting.save()
        urls = [
            u for u in urls if "/members/" not in u and "/actions/" not in u and "/me/" not in u
        ]
    client.get(reverse("forum:me"))  # the first visit creates the person's forum settings
    few = {url: queries_for(client, url) for url in urls}

    _grow(forum_body, secretariat, 12, offset=100)
    services.agenda_item_add(meeting=meeting, by=secretariat, title="Another item")
    many = {url: queries_for(client, url) for url in urls}

    assert many == few


@pytest.mark.parametrize(
    ("viewer", "uncached", "cached"),
    [
        # Uncached: the person; the meeting with its minutes; the minutes' revisions; papers
        # and their versions; the agenda; registration figures; recommendation reviews; the
        # action items (read for everyone with the shared parts, shown to members); the
        # viewer's standing, zone and answer (none for a visitor); for the secretariat the list
        # of registrations. Before these reads were combined: 19, 20 and 9. Cached, the
        # meeting and the parts every viewer shares come from one cache entry, the viewer is
        # read afresh (and anonymous visitors get the page).
        ("member", 10, 2),
        ("secretariat", 11, 3),
        ("anonymous", 8, 0),
    ],
)
def test_the_meeting_page_reads_each_kind_of_content_once(
    viewer, uncached, cached, forum_body, secretariat, alice, client, settings
):
    MemberFactory(body=forum_body, user=alice)
    _grow(forum_body, secretariat, 3)
    meeting = forum_body.meetings.upcoming().first()
    meeting.visibility = "public"
    meeting.save()
    services.document_upload(
        meeting=meeting,
        by=secretariat,
        title="Loose paper",
        upload=SimpleUploadedFile("loose.pdf", b"%PDF-1.4"),
    )
    services.registration_register(meeting=meeting, user=alice)
    minutes = services.minutes_save(meeting=meeting, by=secretariat, kind="minutes", text="Notes")
    services.minutes_publish(minutes=minutes, by=secretariat, confirm_future=True)
    client = {
        "secretariat": client_for(secretariat),
        "member": client_for(alice),
        "anonymous": client,
    }[viewer]
    url = meeting.get_absolute_url()
    client.get(url)  # sessions and settings in place

    assert queries_for(client, url) == uncached
    settings.PAGE_CACHE_SECONDS = 300
    client.get(url)
    assert queries_for(client, url) == cached
