"""Consent to email: each time it is given or withdrawn a record keeps the version of the text
shown and a hash of its exact wording; the records are in the GDPR download and go with the
account."""

from __future__ import annotations

import hashlib
import html
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from forum.models import DigestFrequency
from forum.services import preferences_for
from knowledge.models import SavedSearch
from notifications import consent, services, topics
from notifications.models import ConsentRecord
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOPIC = "tests.news"

# The English wording of each version. A new wording is a new version: add it here and raise
# the version in notifications/consent.py, never edit a line of this table.
KNOWN = {
    "email-topics/v1": "a457f1c89688460b4ef31e67fc610723bab261f4e6c9ee629dc17ff37b454715",
    "unsubscribe/v1": "a23edcdacb537eda41e1f0f898f50a5f5e57a1833d81f3a63deecbcc58df7d79",
    "saved-search-alerts/v1": "646bde6d08cf1c2067c48bb3797c9e7d8f8601497098f09dc9d0e17bf2f5c8f8",
    "forum-digest/v1": "50414e883a19335767179b86fc7cd0d854388574e552fd01f957762f9966b37a",
    "helpdesk-question/v1": "c74c8daaf6176fa4f18c7d832995b9873f9b8595df8731e777ad298a514a3142",
    "helpdesk-publish/v1": "a0ce03e2dc022ec737ca870ad4a41c657bd166bb08d07c008160d9bcb33df779",
}


@pytest.fixture(autouse=True)
def _topic():
    topics.register(TOPIC, "Test news")
    yield
    topics._TOPICS.pop(TOPIC, None)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _shown(page: str, wording: str) -> str:
    """``wording`` as the page shows it, unescaped: proves it was shown before it is hashed."""
    assert html.escape(wording) in page or wording in page, wording
    return wording


def test_each_consent_text_is_versioned():
    with translation.override("en"):
        current = {t.identifier: _sha(str(t.wording)) for t in consent.ALL}
    for identifier, sha in current.items():
        assert KNOWN.get(identifier) == sha, f"{identifier}: wording changed without a new version"
    assert len({t.key for t in consent.ALL}) == len(consent.ALL)


def test_the_account_page_records_turning_a_topic_off_and_on(charlie, charlie_client):
    page = charlie_client.get(reverse("accounts:overview")).content.decode()
    wording = _shown(page, consent.EMAIL_TOPICS.render())

    charlie_client.post(reverse("notifications:preference"), {"topic": TOPIC, "wanted": "0"})
    charlie_client.post(reverse("notifications:preference"), {"topic": TOPIC, "wanted": "1"})

    off, on = ConsentRecord.objects.filter(user=charlie).order_by("pk")
    assert (off.given, on.given) == (False, True)
    for record in (off, on):
        assert record.purpose == TOPIC and record.source == "account"
        assert record.text_version == "email-topics/v1"
        assert record.text_sha256 == _sha(wording)
        assert record.language == "en"
    assert on.created >= off.created


def test_the_unsubscribe_page_records_the_withdrawal_it_showed(client, charlie):
    token = services.unsubscribe_token(user_id=charlie.pk, topic=TOPIC)
    url = reverse("notifications:unsubscribe", args=[token])
    wording = _shown(client.get(url).content.decode(), "Stop receiving “Test news” emails?")

    client.post(url)

    record = ConsentRecord.objects.get(user=charlie)
    assert not record.given and record.purpose == TOPIC and record.source == "unsubscribe-page"
    assert record.text_version == "unsubscribe/v1" and record.text_sha256 == _sha(wording)


def test_one_click_unsubscribe_is_recorded_in_the_persons_language(client, charlie):
    charlie.language = "nl"
    charlie.save(update_fields=["language"])
    row = services.email_to_member(
        user=charlie,
        topic=TOPIC,
        kind="invitation",
        key="news:1",
        context={
            "organisation": {"name": "Org"},
            "inviter": charlie,
            "invitation": {"expires_at": None},
            "accept_url": "http://x",
        },
    )
    path = urlsplit(row.headers["List-Unsubscribe"].strip("<>")).path

    assert client.post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200

    record = ConsentRecord.objects.get(user=charlie)
    assert not record.given and record.source == "one-click" and record.language == "nl"
    with translation.override("nl"):
        assert record.text_sha256 == consent.UNSUBSCRIBE.sha256(topic=topics.label(TOPIC))


def test_an_unsubscribe_link_that_outlived_its_account_is_404(client, charlie):
    url = reverse(
        "notifications:unsubscribe",
        args=[services.unsubscribe_token(user_id=charlie.pk, topic=TOPIC)],
    )
    charlie.delete()
    client.raise_request_exception = False

    assert client.post(url).status_code == 404
    assert not ConsentRecord.objects.exists()


def test_saving_a_search_records_consent_to_alerts_and_deleting_it_withdraws(
    charlie, charlie_client
):
    page = charlie_client.get("/knowledge/?q=energy").content.decode()
    wording = _shown(page, consent.SAVED_SEARCH_ALERTS.render())

    charlie_client.post("/knowledge/saved/new/", {"query": "q=energy", "frequency": "weekly"})
    saved = SavedSearch.objects.get()
    charlie_client.post(f"/knowledge/saved/{saved.token}/delete/")

    given, withdrawn = ConsentRecord.objects.filter(user=charlie).order_by("pk")
    assert (given.given, withdrawn.given) == (True, False)
    for record in (given, withdrawn):
        assert record.purpose == "knowledge.alerts" and record.source == "saved-search"
        assert record.reference == f"saved-search:{saved.pk}"
        assert record.text_version == "saved-search-alerts/v1"
        assert record.text_sha256 == _sha(wording)


def test_the_forum_digest_choice_records_consent_when_it_turns_on_or_off(charlie, charlie_client):
    page = charlie_client.get(reverse("forum:me")).content.decode()
    wording = _shown(page, consent.FORUM_DIGEST.render())
    assert preferences_for(charlie).digest_frequency == DigestFrequency.WEEKLY

    def choose(frequency: str) -> None:
        data = {"digest_frequency": frequency, "time_zone": "Europe/Brussels"}
        assert charlie_client.post(reverse("forum:me"), data).status_code == 302

    choose(DigestFrequency.NONE)
    choose(DigestFrequency.DAILY)
    choose(DigestFrequency.WEEKLY)  # still on: nothing new to record

    records = list(ConsentRecord.objects.filter(user=charlie).order_by("pk"))
    assert [r.given for r in records] == [False, True]
    assert {r.purpose for r in records} == {"forum.digest"}
    assert {r.text_version for r in records} == {"forum-digest/v1"}
    assert {r.text_sha256 for r in records} == {_sha(wording)}


def test_the_records_are_in_the_download_and_go_with_the_account(charlie, charlie_client, bob):
    services.email_opt_out(user_id=charlie.pk, topic=TOPIC)
    services.email_opt_out(user_id=bob.pk, topic=TOPIC)

    data = charlie_client.get(reverse("accounts:personal_data")).json()

    (record,) = data["email_consents"]
    assert record["purpose"] == TOPIC and record["given"] is False
    assert record["text_version"] == "email-topics/v1" and len(record["text_sha256"]) == 64

    charlie_client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert not ConsentRecord.objects.filter(user_id=charlie.pk).exists()
    assert ConsentRecord.objects.filter(user=bob).count() == 1
