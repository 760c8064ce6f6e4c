"""Saved searches and their email alerts: saving any search, listing, deleting with a
confirmation, and daily or weekly alerts of new matching practices through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from knowledge import services, tasks
from knowledge.models import SavedSearch, Status
from notifications.models import OutgoingEmail
from notifications.services import email_opt_out
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # a Monday


def test_a_member_saves_the_current_search(charlie, charlie_client):
    response = charlie_client.post(
        "/knowledge/saved/new/",
        {"name": "", "query": "theme=eco-efficiency&q=energy&type=guide", "frequency": "daily"},
    )

    assert response.status_code == 302 and response["Location"] == "/knowledge/saved/"
    saved = SavedSearch.objects.get()
    assert saved.user == charlie and saved.frequency == "daily" and saved.name == "energy"
    assert saved.query == "q=energy&type=guide&theme=eco-efficiency"
    listing = charlie_client.get("/knowledge/saved/").content.decode()
    assert "/knowledge/?q=energy&amp;type=guide&amp;theme=eco-efficiency" in listing


def test_the_library_offers_the_save_form_with_the_search_in_it(charlie_client, client):
    html = charlie_client.get("/knowledge/", {"q": "energy", "theme": "eco-efficiency"})
    anonymous = client.get("/knowledge/", {"q": "energy"}).content.decode()

    assert 'value="q=energy&amp;theme=eco-efficiency"' in html.content.decode()
    assert "to save this search" in anonymous


def test_an_invalid_frequency_is_refused_with_a_message(charlie_client):
    response = charlie_client.post(
        "/knowledge/saved/new/", {"query": "q=x", "frequency": "hourly"}, follow=True
    )

    assert SavedSearch.objects.count() == 0
    assert "could not be saved" in response.content.decode()


def test_saving_needs_a_signed_in_user(client, db):
    response = client.post("/knowledge/saved/new/", {"query": "q=x", "frequency": "daily"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in client.get("/knowledge/saved/")["Location"]


def test_deleting_asks_first_then_deletes(charlie, charlie_client):
    saved = services.saved_search_create(user=charlie, name="Mine", query="q=x", frequency="daily")
    url = f"/knowledge/saved/{saved.token}/delete/"

    confirm = charlie_client.get(url)
    assert confirm.status_code == 200 and "Delete “Mine”?" in confirm.content.decode()
    assert SavedSearch.objects.exists()

    assert charlie_client.post(url).status_code == 302
    assert not SavedSearch.objects.exists()


def test_someone_elses_saved_search_is_not_found(charlie, bob_client):
    saved = services.saved_search_create(user=charlie, name="Mine", query="q=x", frequency="daily")
    url = f"/knowledge/saved/{saved.token}/delete/"

    assert bob_client.get(url).status_code == 404
    assert bob_client.post(url).status_code == 404
    assert "Mine" not in bob_client.get("/knowledge/saved/").content.decode()
    assert SavedSearch.objects.exists()


def _alert_rows():
    return list(OutgoingEmail.objects.filter(key__startswith="knowledge.alert:").order_by("pk"))


def test_a_daily_alert_lists_new_matching_practices_once_per_day(
    charlie, django_capture_on_commit_callbacks, mailoutbox
):
    with time_machine.travel(START, tick=False):
        services.saved_search_create(
            # Not "energy": the priority area's label, "Eco-efficiency and energy savings", is
            # searchable too, so every practice in it would match.
            user=charlie,
            name="Bakeries",
            query="q=bakeries&theme=eco-efficiency",
            frequency="daily",
        )
    with time_machine.travel(START + dt.timedelta(hours=3), tick=False):
        make_practice(title="Energy savings in bakeries", themes=["eco-efficiency"])
        make_practice(title="Bakeries and supply", themes=["supply-chain"])  # other theme
        make_practice(title="Bakeries draft", themes=["eco-efficiency"], status=Status.DRAFT)
        make_practice(title="Packaging", themes=["eco-efficiency"])  # no matching word

    with (
        time_machine.travel(START + dt.timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert services.alerts_send() == 1
        assert services.alerts_send() == 0  # same day: nothing more

    rows = _alert_rows()
    assert len(rows) == 1
    body = rows[0].body_text
    assert "Energy savings in bakeries" in body
    assert "Bakeries and supply" not in body and "Bakeries draft" not in body
    assert "Packaging" not in body
    assert "/unsubscribe/" in body and rows[0].body_html
    assert rows[0].headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [m.to for m in mailoutbox] == [[charlie.email]]


def test_a_day_without_new_practices_sends_nothing_and_the_next_one_only_new_ones(charlie):
    with time_machine.travel(START, tick=False):
        services.saved_search_create(user=charlie, name="All", query="", frequency="daily")
        make_practice(title="Before the search")  # published at creation: not new
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        services.alerts_send()
    with time_machine.travel(START + dt.timedelta(days=1, hours=2), tick=False):
        make_practice(title="Second day")
    with time_machine.travel(START + dt.timedelta(days=2), tick=False):
        services.alerts_send()

    rows = _alert_rows()
    assert len(rows) == 1
    assert "Second day" in rows[0].body_text and "Before the search" not in rows[0].body_text


def test_a_weekly_alert_goes_once_per_iso_week(charlie):
    with time_machine.travel(START, tick=False):
        services.saved_search_create(user=charlie, name="All", query="", frequency="weekly")
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        make_practice(title="Tuesday news")
        services.alerts_send()  # still the week the search was made: nothing yet
    assert _alert_rows() == []
    with time_machine.travel(START + dt.timedelta(days=7), tick=False):
        services.alerts_send()
    with time_machine.travel(START + dt.timedelta(days=8), tick=False):
        make_practice(title="Later that week")
    with time_machine.travel(START + dt.timedelta(days=9), tick=False):
        services.alerts_send()

    rows = _alert_rows()
    assert len(rows) == 1 and "Tuesday news" in rows[0].body_text
    assert rows[0].key.endswith(":2026-W11")


def test_an_unsubscribed_member_gets_no_alerts(charlie):
    with time_machine.travel(START, tick=False):
        services.saved_search_create(user=charlie, name="All", query="", frequency="daily")
        email_opt_out(user_id=charlie.pk, topic=services.TOPIC_ALERTS)
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        make_practice(title="News")
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        services.alerts_send()

    assert _alert_rows() == []


def test_the_beat_task_sends_alerts(charlie):
    with time_machine.travel(START, tick=False):
        services.saved_search_create(user=charlie, name="All", query="", frequency="daily")
    with time_machine.travel(START + dt.timedelta(hours=1), tick=False):
        make_practice(title="News")
    with time_machine.travel(START + dt.timedelta(days=1), tick=False):
        assert tasks.send_alerts.apply().get() == 1

    assert settings.CELERY_BEAT_SCHEDULE["knowledge-send-alerts"]["task"] == (
        "knowledge.tasks.send_alerts"
    )
    assert timezone.now()


def test_the_saved_search_list_keeps_a_constant_number_of_queries(charlie, charlie_client):
    from tests.utils import queries_for

    for n in range(3):
        services.saved_search_create(user=charlie, name=f"S{n}", query="q=x", frequency="daily")
    few = queries_for(charlie_client, "/knowledge/saved/")
    for n in range(3, 60):
        services.saved_search_create(user=charlie, name=f"S{n}", query="q=x", frequency="daily")

    assert queries_for(charlie_client, "/knowledge/saved/") == few
    assert "Page 1 of 3" in charlie_client.get("/knowledge/saved/").content.decode()
