"""A saved-search alert goes out through the beat task, a real Celery worker and real SMTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from knowledge import services, tasks
from knowledge.models import SavedSearch
from tests.integration.conftest import wait_for
from tests.knowledge.conftest import make_practice

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_a_saved_search_alert_is_delivered_with_an_unsubscribe_link(celery_worker_process, charlie):
    sink = celery_worker_process
    saved = services.saved_search_create(
        user=charlie, name="Energy", query="q=energy", frequency="daily"
    )
    SavedSearch.objects.filter(pk=saved.pk).update(
        last_alert_at=timezone.now() - dt.timedelta(days=1)
    )
    make_practice(title="Energy savings for bakeries")

    tasks.send_alerts.delay()

    wait_for(lambda: len(sink.messages) == 1, what="the alert email")
    message = sink.messages[0]
    assert sink.recipients == [charlie.email]
    assert "/unsubscribe/" in message["List-Unsubscribe"]
    text = next(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )
    assert "Energy savings for bakeries" in text
    assert "/unsubscribe/" in text
