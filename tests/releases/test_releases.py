"""Releases: one per scope on the cadence, stored and never changed, the latest served, and a
yearly privacy budget that stops releases (with an alert to staff) rather than overspend."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from notifications.models import OutgoingEmail
from releases.models import Release
from releases.services import release_due, release_publish, release_publish_due
from tests.alliance.factories import supporters
from tests.factories import UserFactory
from tests.utils import manage_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_a_release_publishes_every_scope_with_its_epsilon():
    supporters(6)

    releases = release_publish()

    assert [r.scope for r in releases] == ["alliance", "coalitions"]
    assert all(r.epsilon == 1.0 and r.delta == 0.0 for r in releases)
    assert Release.objects.epsilon_spent(now=releases[0].released_at) == 2.0


def test_releases_never_change(settings):
    release = release_publish()[0]

    release.data = {"total": "changed"}
    with pytest.raises(ValueError, match="never changed"):
        release.save()
    assert Release.objects.get(pk=release.pk).data != {"total": "changed"}


def test_pages_serve_the_latest_release_and_old_ones_stay(client):
    supporters(6)
    with time_machine.travel(dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)):
        old = release_publish()[0]
    old_data = dict(old.data)
    supporters(6)
    with time_machine.travel(dt.datetime(2026, 10, 9, 12, tzinfo=dt.UTC)):
        new = release_publish()[0]

    data = client.get(reverse("alliance:statistics_json")).json()

    assert data["released_at"] == new.released_at.isoformat()
    assert Release.objects.get(pk=old.pk).data == old_data
    assert Release.objects.filter(scope="alliance").count() == 2


def test_a_release_is_due_after_the_configured_days(settings):
    settings.STATISTICS_RELEASE_DAYS = 7
    start = dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)
    assert release_due(now=start)
    release_publish(now=start)

    assert not release_due(now=start + dt.timedelta(days=6, hours=23))
    assert release_publish_due(now=start + dt.timedelta(days=6)) == []
    assert release_due(now=start + dt.timedelta(days=7))
    assert len(release_publish_due(now=start + dt.timedelta(days=7))) == 2


def test_the_budget_stops_releases_and_alerts_staff(settings, caplog):
    settings.STATISTICS_EPSILON = 1.0
    settings.STATISTICS_EPSILON_PER_YEAR = 5.0  # two releases of two scopes fit, not three
    staff = UserFactory(email="ops@example.org", is_staff=True)
    UserFactory(email="member@example.org")
    start = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    assert release_publish(now=start)
    assert release_publish(now=start + dt.timedelta(days=7))

    with caplog.at_level(logging.ERROR, logger="releases.services"):
        refused = release_publish(now=start + dt.timedelta(days=14))

    assert refused == []
    assert Release.objects.count() == 4
    assert "No release of the public figures" in caplog.text
    alerts = OutgoingEmail.objects.filter(key__startswith="releases.budget:")
    assert [a.to for a in alerts] == [staff.email]
    assert "privacy budget" in alerts[0].subject
    # One alert a day, however often beat tries.
    release_publish(now=start + dt.timedelta(days=14, hours=1))
    assert alerts.count() == 1

    # A year after the first releases, their budget is free again.
    assert release_publish(now=start + dt.timedelta(days=366))


def test_the_command_publishes_at_once_and_refuses_beyond_the_budget(settings):
    out = __import__("io").StringIO()
    call_command("publish_statistics", stdout=out)
    assert "alliance" in out.getvalue()
    assert Release.objects.count() == 2

    settings.STATISTICS_EPSILON_PER_YEAR = 2.0
    with pytest.raises(CommandError, match="budget"):
        call_command("publish_statistics")
    assert Release.objects.count() == 2


@pytest.mark.slow
def test_publish_statistics_works_on_the_embedded_default(tmp_path):
    """The `make run` configuration: SQLite, no services."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env = {
        **keep,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}",
    }

    def manage(*args: str) -> str:
        return manage_in(env, *args)

    manage("migrate", "--noinput")
    published = manage("publish_statistics")
    shown = manage(
        "shell",
        "-c",
        "from releases.models import Release; "
        "print(sorted(Release.objects.values_list('scope', flat=True)))",
    )

    assert "alliance" in published and "coalitions" in published
    assert "['alliance', 'coalitions']" in shown
    assert (tmp_path / "scratch.sqlite3").exists()
