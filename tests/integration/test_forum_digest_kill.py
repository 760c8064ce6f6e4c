"""A digest to 1,000 members survives a worker killed with SIGKILL mid-way: a new worker and the
beat dispatcher finish the job, every member gets their digest, and the only repeats are rows
of the batches that were being sent when the worker died (at most one batch per pool
process)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from forum import digests
from forum import models as forum
from notifications import tasks
from notifications.delivery import STALLED_AFTER
from notifications.models import OutgoingEmail, Status
from notifications.services import BATCH_SIZE
from tests.integration import forum_workers
from tests.integration.conftest import wait_for

killable_workers = forum_workers.killable_workers

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Enough that the worker is still busy sending when it is killed.
MEMBERS = 1000


def _forum_with_members(count: int) -> forum.Body:
    body = forum.Body.objects.create(
        name="Coordination Group of focal persons", kind=forum.BodyKind.COORDINATION
    )
    users = User.objects.bulk_create(
        User(email=f"focal{n:03d}@example.org", name=f"Focal person {n}") for n in range(count)
    )
    forum.Member.objects.bulk_create(
        forum.Member(
            body=body,
            user=user,
            constituency=forum.Constituency.FACILITATOR,
            start_date=timezone.localdate() - timedelta(days=10),
        )
        for user in users
    )
    forum.MemberPreferences.objects.bulk_create(
        forum.MemberPreferences(user=user, digest_frequency=forum.DigestFrequency.DAILY)
        for user in users
    )
    now = timezone.now()
    forum.Meeting.objects.create(
        body=body,
        title="Bimonthly meeting in Geneva",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=2),
        time_zone="Europe/Zurich",
        place="Geneva",
    )
    return body


def _report(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture, line: str) -> None:
    with capsys.disabled():
        print(f"\n[forum digest kill] {line}")
    request.node.user_properties.append(("forum_digest_kill", line))


def test_digest_to_1000_members_survives_a_sigkilled_worker(killable_workers, request, capsys):
    sink = killable_workers.sink
    _forum_with_members(MEMBERS)

    # The beat task writes one outbox row per member; each is queued for the worker on commit.
    assert digests.digests_enqueue() == MEMBERS
    assert OutgoingEmail.objects.filter(key__startswith="forum.digest:").count() == MEMBERS

    # A relay taking 10 ms a message keeps the worker busy long enough to be killed mid-way,
    # however fast the machine.
    sink.delay = 0.01
    first = killable_workers.start()
    wait_for(lambda: len(sink.recipients) >= 120, timeout=60, what="the first digests")
    killable_workers.kill(first)
    delivered_before_kill = len(sink.recipients)
    in_flight = OutgoingEmail.objects.filter(status=Status.SENDING).count()
    assert delivered_before_kill < MEMBERS, "the worker finished before it could be killed"

    # Fifteen minutes later (STALLED_AFTER) the dispatcher puts the dead worker's rows back.
    OutgoingEmail.objects.filter(status=Status.SENDING).update(
        claimed_at=timezone.now() - STALLED_AFTER - timedelta(minutes=1)
    )
    killable_workers.start()
    tasks.dispatch_due.delay()
    wait_for(
        lambda: not OutgoingEmail.objects.exclude(status=Status.SENT).exists(),
        timeout=60,
        what="every row to be marked sent",
    )
    wait_for(lambda: len(sink.recipients) >= MEMBERS, timeout=10, what="the last deliveries")

    received = Counter(sink.recipients)
    duplicates = sum(count - 1 for count in received.values())
    _report(
        request,
        capsys,
        f"{MEMBERS} members, {delivered_before_kill} delivered before SIGKILL, "
        f"{in_flight} rows in flight, {duplicates} duplicate deliveries",
    )
    assert set(received) == {f"focal{n:03d}@example.org" for n in range(MEMBERS)}
    assert duplicates <= in_flight <= 2 * BATCH_SIZE  # two pool processes, a batch each
    assert all(len(m.get_all("To")) == 1 for m in sink.messages)
    assert all(m.get_content_type() == "multipart/alternative" for m in sink.messages)
    assert all(m["List-Unsubscribe"] for m in sink.messages)
