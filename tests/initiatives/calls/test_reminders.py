"""Reminders through the outbox, on frozen time: reviewers with proposals left to review a set
time before the review deadline, and administrators of organisations whose proposal is still a
draft a set time before the call's deadline. Each once, however often beat runs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.models import Role
from initiatives.calls import services, tasks
from initiatives.calls.models import Call, CallState, Criterion, Reviewer
from notifications.models import OutgoingEmail
from notifications.services import email_opt_out
from tests.factories import MembershipFactory
from tests.initiatives.calls.helpers import applicant, make_proposal, score_all

pytestmark = pytest.mark.django_db

DEADLINE = dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)
REVIEWS_DUE = dt.datetime(2026, 10, 31, 17, 0, tzinfo=dt.UTC)


@pytest.fixture
def call(db, reviewers) -> Call:
    call = Call.objects.create(
        title="Call for new projects 2026",
        text="Projects on CSR in SMEs.",
        state=CallState.OPEN,
        deadline=DEADLINE,
        review_deadline=REVIEWS_DUE,
    )
    Criterion.objects.create(call=call, title="Relevance", weight=2)
    Criterion.objects.create(call=call, title="Feasibility", weight=1)
    for user in reviewers:
        Reviewer.objects.create(call=call, user=user)
    return call


def _rows(prefix: str):
    return OutgoingEmail.objects.filter(key__startswith=prefix)


def test_draft_proposals_are_reminded_before_the_deadline(call, alice, org_a):
    colleague = MembershipFactory(organisation=org_a, role=Role.ADMIN).user
    MembershipFactory(organisation=org_a, role=Role.MEMBER)  # members are not reminded
    make_proposal(call, org_a, alice, submitted=False)
    sent_org, sent_admin = applicant("Already sent")
    make_proposal(call, sent_org, sent_admin)

    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0  # too early: the window opens three days before
    with time_machine.travel(dt.datetime(2026, 9, 28, 9, tzinfo=dt.UTC), tick=False):
        assert tasks.send_reminders.apply().get() == 2
        assert services.reminders_send() == 0  # beat runs again: nothing new
    with time_machine.travel(dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 0  # past the deadline

    rows = _rows("calls.draft-reminder:")
    assert sorted(rows.values_list("to", flat=True)) == sorted([alice.email, colleague.email])
    row = rows.get(to=alice.email)
    assert "not sent yet" in row.subject
    assert "Wed 30 Sep 2026, 19:00" in row.body_text  # in Brussels time
    assert "/calls/proposals/" in row.body_html and row.headers["List-Unsubscribe"]


def test_reviewers_are_reminded_of_what_they_have_not_submitted(call, alice, org_a, reviewers):
    rita, ruben = reviewers
    with time_machine.travel(dt.datetime(2026, 9, 20, tzinfo=dt.UTC), tick=False):
        proposal = make_proposal(call, org_a, alice, title="Training modules")
        make_proposal(call, *applicant("Other"), title="Diversity plans")
    with time_machine.travel(dt.datetime(2026, 10, 10, tzinfo=dt.UTC), tick=False):
        score_all(proposal, rita, [3, 3])
        proposal.refresh_from_db()
        score_all(proposal, ruben, [3, 3], submit=False)
        assert services.reminders_send() == 0  # reviews are due in three weeks
    with time_machine.travel(dt.datetime(2026, 10, 29, 12, tzinfo=dt.UTC), tick=False):
        assert services.reminders_send() == 2
        assert services.reminders_send() == 0

    rita_row = _rows("calls.review-reminder:").get(to=rita.email)
    ruben_row = _rows("calls.review-reminder:").get(to=ruben.email)
    assert "Diversity plans" in rita_row.body_text and "Training modules" not in rita_row.body_text
    assert "Diversity plans" in ruben_row.body_text and "Training modules" in ruben_row.body_text
    assert "/calls/reviews/" in rita_row.body_html


def test_nobody_is_reminded_who_turned_it_off_or_has_nothing_left(call, alice, org_a, reviewers):
    rita, ruben = reviewers
    email_opt_out(user_id=rita.pk, topic=services.TOPIC_REVIEWERS)
    with time_machine.travel(dt.datetime(2026, 9, 20, tzinfo=dt.UTC), tick=False):
        proposal = make_proposal(call, org_a, alice)
    with time_machine.travel(dt.datetime(2026, 10, 29, tzinfo=dt.UTC), tick=False):
        score_all(proposal, ruben, [1, 2])
        assert services.reminders_send() == 0
