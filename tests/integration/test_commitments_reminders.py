"""Commitments reminders leave through the outbox, a real Celery worker and a real SMTP server."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.models import Role
from commitments import demo, services
from commitments.models import Action, Pledge
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.integration.conftest import wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_reminder_reaches_the_organisation_admin(celery_worker_process):
    sink = celery_worker_process
    framework = demo.framework_load()
    organisation = OrganisationFactory(name="Precision Spindles")
    admin = UserFactory(email="admin@spindles.example.org")
    MembershipFactory(user=admin, organisation=organisation, role=Role.ADMIN)
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=dt.UTC), tick=False):
        Pledge.objects.create(
            organisation=organisation,
            framework=framework,
            action=Action.objects.get(commitment__number=2, number=2),
            target_date=dt.date(2027, 6, 30),
        )

    with time_machine.travel(dt.datetime(2026, 7, 20, 8, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 1
        assert services.reminders_send() == 1  # found again, not written again

    wait_for(lambda: len(sink.messages) == 1, what="the reminder")
    message = sink.messages[0]
    assert sink.recipients == ["admin@spindles.example.org"]
    assert "2026-H1" in message["Subject"]
    assert message["List-Unsubscribe"]
    types = {part.get_content_type() for part in message.walk() if not part.is_multipart()}
    assert types == {"text/plain", "text/html"}
