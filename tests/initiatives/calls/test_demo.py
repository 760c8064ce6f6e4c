"""The demo calls: a closed call in Trivisi's style, reviewed and decided (three projects
accepted as initiatives, two declined), and an open call with a draft. Safe to run twice."""

from __future__ import annotations

import pytest

from accounts import demo as accounts_demo
from initiatives.calls import demo
from initiatives.calls.models import Call, ProposalState
from notifications.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_decided_call_and_an_open_one():
    accounts_demo.seed()
    demo.seed()
    demo.seed()

    closed = Call.objects.get(title=demo.CLOSED["title"])
    opened = Call.objects.get(title=demo.OPEN["title"])
    assert not closed.is_open and opened.is_open
    states = sorted(closed.proposals.values_list("state", flat=True))
    assert states == [ProposalState.ACCEPTED] * 3 + [ProposalState.DECLINED] * 2
    accepted = closed.proposals.filter(state=ProposalState.ACCEPTED)
    assert all(p.initiative is not None for p in accepted)
    assert sum(p.initiative.is_published for p in accepted) == 1
    assert all(p.reviews.filter(submitted_at__isnull=False).exists() for p in accepted)
    assert opened.proposals.get().state == ProposalState.DRAFT
    assert OutgoingEmail.objects.filter(key__startswith="calls.decision:").count() >= 5
