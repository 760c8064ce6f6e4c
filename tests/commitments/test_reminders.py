"""Reminders before a period falls due: one outbox row per organisation administrator per
period, written by a beat task through the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from accounts.models import Role
from commitments import periods, services, tasks
from commitments.models import Framework, ReportState
from notifications.models import OutgoingEmail
from notifications.services import email_opt_out
from tests.commitments.conftest import make_pledge, make_report
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_periods_and_due_dates():
    period = periods.parse("2026-H1")
    assert (period.start, period.end, period.due) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 31),
    )
    assert periods.parse("2026-H2").due == dt.date(2027, 1, 31)
    assert period.reminder_from == dt.date(2026, 7, 17)
    assert periods.parse("2026", periods.Cycle.YEAR).due == dt.date(2027, 1, 31)
    for bad in ("2026", "2026-H3", "H1", ""):
        with pytest.raises(ValueError):
            periods.parse(bad)
    codes = [p.code for p in periods.periods_between(dt.date(2025, 3, 1), dt.date(2026, 1, 1))]
    assert codes == ["2025-H1", "2025-H2", "2026-H1"]


def test_reminder_goes_to_each_admin_once_per_period(alice, framework, org_a):
    colleague = MembershipFactory(organisation=org_a, role=Role.ADMIN).user
    MembershipFactory(organisation=org_a, role=Role.MEMBER)  # members are not reminded
    make_pledge(org_a, framework, "1.1")
    make_pledge(org_a, framework, "2.2")

    with time_machine.travel(dt.datetime(2026, 7, 20, 8, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 2
        services.reminders_send()  # beat runs again: nothing new

    rows = OutgoingEmail.objects.filter(key__startswith="commitments.reminder:")
    assert sorted(rows.values_list("to", flat=True)) == sorted([alice.email, colleague.email])
    row = rows.get(to=alice.email)
    assert "2026-H1" in row.subject
    assert "1.1" in row.body_text and "2.2" in row.body_text
    assert "31 July 2026" in row.body_text or "July 31, 2026" in row.body_text
    assert row.headers["List-Unsubscribe"]


def test_no_reminder_outside_the_window_or_when_reported(alice, framework, org_a):
    pledge = make_pledge(org_a, framework, "1.1")

    with time_machine.travel(dt.datetime(2026, 7, 10, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0  # too early: the window opens on 17 July
    make_report(pledge, "2026-H1", state=ReportState.SUBMITTED)
    with time_machine.travel(dt.datetime(2026, 7, 25, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0
    with time_machine.travel(dt.datetime(2026, 8, 2, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0  # past due


def test_draft_and_returned_reports_still_get_reminders(alice, framework, org_a):
    make_report(make_pledge(org_a, framework, "1.1"), "2026-H1", state=ReportState.RETURNED)

    with time_machine.travel(dt.datetime(2026, 7, 25, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 1


def test_unsubscribed_admin_is_not_reminded(alice, framework, org_a):
    make_pledge(org_a, framework, "1.1")
    email_opt_out(user_id=alice.pk, topic=services.TOPIC_REMINDERS)

    with time_machine.travel(dt.datetime(2026, 7, 25, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0


def test_unpublished_frameworks_send_nothing(alice, framework, org_a):
    make_pledge(org_a, framework, "1.1")
    Framework.objects.update(is_published=False)

    with time_machine.travel(dt.datetime(2026, 7, 25, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0


def test_beat_runs_the_reminder_task(alice, framework, org_a):
    entry = settings.CELERY_BEAT_SCHEDULE["commitments-send-reminders"]
    assert entry["task"] == "commitments.tasks.send_reminders"
    make_pledge(org_a, framework, "1.1")

    with time_machine.travel(dt.datetime(2026, 7, 25, tzinfo=dt.UTC), tick=False):
        assert tasks.send_reminders.apply().get() == 1
