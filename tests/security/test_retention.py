"""Retention: what the daily jobs forget, and that a withdrawn declaration leaves no trace.

The trace test does not trust a list of places: it reads every row of every table as text
(PostgreSQL's ``row::text``) and every cache entry of this run for the declaration's words.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts import services as accounts_services
from accounts.models import Invitation
from accounts.tasks import purge_invitations, purge_sessions
from alliance.models import SupportDeclaration
from notifications.models import OutgoingEmail, Status
from notifications.tasks import purge_old
from releases.tasks import publish_due
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def _rows_holding(needle: str) -> list[str]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        found = []
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) FROM {quoted} AS r WHERE r::text ILIKE %s",  # noqa: S608
                [f"%{needle}%"],
            )
            if cursor.fetchone()[0]:
                found.append(table)
    return found


def _cache_entries_holding(needle: str) -> list[str]:
    client = cache._cache.get_client(write=False)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    found = []
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        value = client.get(key)
        if value is not None and needle.encode() in value:
            found.append(key.decode())
    return found


def test_a_withdrawn_declaration_leaves_no_trace(alice, alice_client, org_a, client):
    words = f"We pledge {uuid.uuid4().hex}"
    alice_client.post(reverse("alliance:declare", args=[org_a.slug]), {"statement": words})
    declaration = SupportDeclaration.objects.get(organisation=org_a)
    # Everything that might copy it: its pages, the statistics, the jobs.
    assert words in alice_client.get(reverse("alliance:support", args=[org_a.slug])).text
    client.get(reverse("alliance:statistics"))
    publish_due.apply()
    assert _rows_holding(words) == [SupportDeclaration._meta.db_table]

    response = alice_client.post(reverse("alliance:withdraw", args=[org_a.slug]))
    for job in (publish_due, purge_old, purge_invitations, purge_sessions):
        job.apply()

    assert response.status_code == 302
    assert not SupportDeclaration.objects.filter(pk=declaration.pk).exists()
    assert _rows_holding(words) == []
    assert _cache_entries_holding(words) == []


def test_the_trace_search_finds_what_it_looks_for(alice, org_a):
    # The test above must be able to fail: a copy in another table is found.
    words = f"Left behind {uuid.uuid4().hex}"
    OutgoingEmail.objects.create(key="copy", to="x@example.org", subject="s", body_text=words)
    cache.set("copy", {"text": words})

    assert _rows_holding(words) == [OutgoingEmail._meta.db_table]
    assert _cache_entries_holding(words)


def test_expired_sessions_are_forgotten(alice):
    live, expired = client_for(alice), client_for(alice)
    Session.objects.filter(session_key=expired.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    assert purge_sessions.apply().get() == 1

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session.session_key]


def test_outbox_purge_keeps_what_is_not_settled_or_recent(settings):
    days = settings.OUTBOX_RETENTION_DAYS
    old = timezone.now() - dt.timedelta(days=days + 1)
    with time_machine.travel(old):
        for status in Status.values:
            OutgoingEmail.objects.create(
                key=f"old-{status}", to="x@example.org", subject="s", body_text="b", status=status
            )
    with time_machine.travel(timezone.now() - dt.timedelta(days=days - 1)):
        OutgoingEmail.objects.create(
            key="recent-sent", to="x@example.org", subject="s", body_text="b", status=Status.SENT
        )

    assert purge_old.apply().get() == 2

    assert set(OutgoingEmail.objects.values_list("key", flat=True)) == {
        "old-queued",
        "old-sending",
        "recent-sent",
    }


def test_mail_that_carried_a_secret_is_forgotten_within_hours(settings):
    hours = settings.OUTBOX_SECRET_RETENTION_HOURS
    assert hours < 24 * settings.OUTBOX_RETENTION_DAYS
    old = timezone.now() - dt.timedelta(hours=hours + 1)
    with time_machine.travel(old):
        for status in Status.values:
            for secret in (True, False):
                OutgoingEmail.objects.create(
                    key=f"{status}-{'secret' if secret else 'plain'}",
                    to="x@example.org",
                    subject="s",
                    body_text="b",
                    status=status,
                    carries_secret=secret,
                )
    with time_machine.travel(timezone.now() - dt.timedelta(hours=hours - 1)):
        OutgoingEmail.objects.create(
            key="recent-secret",
            to="x@example.org",
            subject="s",
            body_text="b",
            status=Status.SENT,
            carries_secret=True,
        )

    assert purge_old.apply().get() == 2

    assert not OutgoingEmail.objects.filter(key__in=["sent-secret", "failed-secret"]).exists()
    assert OutgoingEmail.objects.count() == len(Status.values) * 2 - 2 + 1


def test_the_retention_job_runs_at_least_hourly(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["notifications-purge-old"]

    assert schedule["task"] == purge_old.name
    assert schedule["schedule"] <= 60 * 60


def test_invitations_are_forgotten_thirty_days_after_use_or_expiry(alice, org_a):
    now = timezone.now()

    def invite(email: str, *, expires: dt.timedelta, accepted: dt.timedelta | None) -> None:
        invitation = accounts_services.invitation_send(organisation=org_a, by=alice, email=email)
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=now + expires, accepted_at=None if accepted is None else now + accepted
        )

    invite("used-long-ago@example.org", expires=dt.timedelta(days=-20), accepted=-dt.timedelta(31))
    invite("used-lately@example.org", expires=dt.timedelta(days=5), accepted=-dt.timedelta(29))
    invite("expired-long-ago@example.org", expires=-dt.timedelta(days=31), accepted=None)
    invite("expired-lately@example.org", expires=-dt.timedelta(days=29), accepted=None)
    invite("pending@example.org", expires=dt.timedelta(days=7), accepted=None)

    assert purge_invitations.apply().get() == 2

    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "used-lately@example.org",
        "expired-lately@example.org",
        "pending@example.org",
    }
