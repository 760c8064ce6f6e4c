"""The calls' block of "Your portal": drafts to send, proposals to review; a fixed number of
queries however many rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.initiatives.calls.helpers import applicant, close, make_call, make_proposal
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

START = reverse("start")


def test_an_administrator_sees_the_draft_to_send(alice_client, alice, org_a):
    make_proposal(make_call(), org_a, alice, title="Our unsent draft", submitted=False)

    page = alice_client.get(START).content.decode()

    assert "Calls for projects" in page and "Our unsent draft" in page


def test_a_reviewer_sees_what_waits_and_nobody_else_gets_the_block(reviewers, charlie_client):
    call = close(make_call(reviewers=reviewers))
    make_proposal(call, *applicant(), title="Waiting for review")

    page = client_for(reviewers[0]).get(START).content.decode()

    assert "1 proposal waits for your review." in page and "Waiting for review" in page
    assert 'id="start-calls-heading"' not in charlie_client.get(START).content.decode()


def test_the_block_reads_as_many_queries_for_many_rows_as_for_few(reviewers, alice, org_a):
    closed = close(make_call(reviewers=reviewers))
    make_proposal(make_call(), org_a, alice, submitted=False)
    make_proposal(closed, *applicant("First"))
    client, admin = client_for(reviewers[0]), client_for(alice)
    few, admin_few = queries_for(client, START), queries_for(admin, START)
    for n in range(6):
        make_proposal(closed, *applicant(f"Applicant {n}"), title=f"P{n}")
        make_proposal(make_call(title=f"Open {n}"), org_a, alice, submitted=False)

    assert queries_for(client, START) == few
    assert queries_for(admin, START) == admin_few
