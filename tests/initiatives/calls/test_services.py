"""The calls' rules, through the services: one proposal per organisation, changes until the
deadline, files checked by content, reviews hidden until one's own is submitted, the weighted
ranking, decisions that make initiatives, and the applicants' emails."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.calls import selectors, services
from initiatives.calls.models import ProposalState
from initiatives.calls.permissions import calls_viewer_of
from notifications.models import OutgoingEmail
from tests.initiatives.calls.helpers import (
    applicant,
    close,
    make_call,
    make_proposal,
    pdf,
    score_all,
)

pytestmark = pytest.mark.django_db

TEXT = services.ProposalText(
    title="Diversity at work",
    summary="Workshops.",
    description="Six workshops.",
    requested_amount=None,
)


def test_one_proposal_per_organisation_and_call(alice, org_a):
    call = make_call()
    proposal = services.proposal_start(call=call, organisation=org_a, by=alice, text=TEXT)

    assert proposal.state == ProposalState.DRAFT
    with pytest.raises(services.Conflict):
        services.proposal_start(call=call, organisation=org_a, by=alice, text=TEXT)


def test_only_administrators_propose(bob, org_b):
    with pytest.raises(PermissionDenied):
        services.proposal_start(call=make_call(), organisation=org_b, by=bob, text=TEXT)


def test_a_proposal_changes_until_the_deadline_and_is_sent_explicitly(alice, org_a):
    call = make_call()
    proposal = services.proposal_start(call=call, organisation=org_a, by=alice, text=TEXT)
    changed = services.ProposalText("Diversity at work", "Workshops.", "Eight.", Decimal("25000"))
    services.proposal_update(proposal=proposal, by=alice, text=changed)
    sent = services.proposal_submit(proposal=proposal, by=alice)

    assert sent.state == ProposalState.SUBMITTED and sent.submitted_at
    assert sent.requested_amount == Decimal("25000")
    with pytest.raises(services.Conflict):
        services.proposal_submit(proposal=proposal, by=alice)
    # Still changeable after sending, until the deadline; it stays sent.
    services.proposal_update(proposal=proposal, by=alice, text=TEXT)
    close(call)
    proposal.refresh_from_db()
    with pytest.raises(services.Closed):
        services.proposal_update(proposal=proposal, by=alice, text=changed)
    other, admin = applicant()
    with pytest.raises(services.Closed):
        services.proposal_start(call=call, organisation=other, by=admin, text=TEXT)


def test_no_sending_after_the_deadline(alice, org_a):
    call = make_call()
    proposal = services.proposal_start(call=call, organisation=org_a, by=alice, text=TEXT)
    close(call)
    proposal.refresh_from_db()

    with pytest.raises(services.Closed) as refused:
        services.proposal_submit(proposal=proposal, by=alice)
    assert "closed on" in str(refused.value)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT


def test_files_are_checked_by_content(alice, org_a):
    proposal = services.proposal_start(call=make_call(), organisation=org_a, by=alice, text=TEXT)
    kept = services.proposal_file_add(proposal=proposal, by=alice, upload=pdf("../../plan.pdf"))

    assert kept.original_name == "plan.pdf" and kept.extension == "pdf"
    assert kept.file.name.startswith("initiatives/calls/") and "plan" not in kept.file.name
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.proposal_file_add(proposal=proposal, by=alice, upload=fake)
    assert proposal.files.count() == 1


def test_reviewers_see_others_scores_only_after_submitting(alice, org_a, reviewers):
    rita, ruben = reviewers
    call = make_call(open_days=1, reviewers=reviewers)
    proposal = make_proposal(call, org_a, alice)
    with pytest.raises(services.Conflict):  # the call is still open
        score_all(proposal, rita, [4, 3])
    close(call)
    proposal.refresh_from_db()
    criteria = list(call.criteria.all())

    score_all(proposal, ruben, [5, 5])  # Ruben submits first
    score_all(proposal, rita, [4, 3], submit=False)  # Rita only saves
    seen = selectors.reviews_seen(calls_viewer_of(rita), proposal, criteria)
    assert seen.others == [] and seen.others_hidden == 1 and seen.mean is None
    assert seen.own is not None and seen.own.review.submitted_at is None

    score_all(proposal, rita, [4, 3])
    seen = selectors.reviews_seen(calls_viewer_of(rita), proposal, criteria)
    assert [v.review.reviewer for v in seen.others] == [ruben]
    # Weighted: Rita (4 * 2 + 3 * 1) / 3 = 3.67, Ruben 5; the mean of both 4.33.
    assert seen.own.total == Decimal("3.67") and seen.others[0].total == Decimal("5.00")
    assert seen.mean == Decimal("4.33")
    with pytest.raises(services.Conflict):  # a submitted review is final
        score_all(proposal, rita, [0, 0])


def test_a_review_is_submitted_only_complete(alice, org_a, reviewers):
    call = close(make_call(reviewers=reviewers))
    proposal = make_proposal(call, org_a, alice)
    first = call.criteria.first()

    with pytest.raises(ValidationError):
        services.review_save(
            proposal=proposal, by=reviewers[0], scores={first.pk: (3, "")}, submit=True
        )


def test_outsiders_and_own_organisation_do_not_review(alice, org_a, bob, reviewers):
    call = close(make_call(reviewers=[*reviewers, alice]))
    proposal = make_proposal(call, org_a, alice)

    for person in (bob, alice):
        with pytest.raises(PermissionDenied):
            score_all(proposal, person, [1, 1])


def test_ranking_by_weighted_mean(reviewers, staff):
    call = close(make_call(reviewers=reviewers))
    (org_1, admin_1), (org_2, admin_2), (org_3, admin_3) = (applicant(f"Org {n}") for n in "123")
    low = make_proposal(call, org_1, admin_1, title="Low")
    high = make_proposal(call, org_2, admin_2, title="High")
    make_proposal(call, org_3, admin_3, title="Unscored")
    make_proposal(call, applicant("Drafting")[0], None, title="Draft", submitted=False)
    score_all(low, reviewers[0], [1, 5])  # (2 + 5) / 3 = 2.33
    score_all(low, reviewers[1], [2, 2])  # 2
    score_all(high, reviewers[0], [5, 2])  # 4
    score_all(high, reviewers[1], [3, 1], submit=False)  # not counted

    ranked = selectors.ranking(call)

    assert [(p.title, p.mean, p.reviews_done) for p in ranked] == [
        ("High", Decimal("4.00"), 1),
        ("Low", Decimal("2.17"), 2),
        ("Unscored", None, 0),
    ]


def test_accepting_makes_a_private_initiative_and_tells_the_applicants(alice, org_a, staff):
    call = close(make_call())
    proposal = make_proposal(call, org_a, alice)

    decided = services.proposal_decide(
        proposal=proposal, by=staff, accept=True, message="Congratulations."
    )

    initiative = decided.initiative
    assert decided.state == ProposalState.ACCEPTED
    assert initiative.organisation == org_a and not initiative.is_published
    assert initiative.title == proposal.title
    assert call.get_absolute_url() in initiative.description
    assert list(initiative.themes.values_list("slug", flat=True)) == ["sme-growth"]
    assert initiative.call_proposal == decided
    mail = OutgoingEmail.objects.get(key=f"calls.decision:{proposal.pk}:{alice.pk}")
    assert "accepted" in mail.subject
    assert "Congratulations." in mail.body_text and "Congratulations." in mail.body_html
    assert initiative.get_absolute_url() in mail.body_text
    with pytest.raises(services.Conflict):  # decided once
        services.proposal_decide(proposal=proposal, by=staff, accept=False, message="No.")


def test_declining_tells_why_and_makes_nothing(alice, org_a, staff):
    proposal = make_proposal(close(make_call()), org_a, alice)

    decided = services.proposal_decide(
        proposal=proposal, by=staff, accept=False, message="Outside the call's themes."
    )

    assert decided.state == ProposalState.DECLINED and decided.initiative is None
    mail = OutgoingEmail.objects.get(to=alice.email)
    assert "declined" in mail.subject and "Outside the call" in mail.body_text


def test_only_curators_decide_and_only_after_the_deadline(alice, org_a, staff):
    proposal = make_proposal(make_call(), org_a, alice)

    with pytest.raises(PermissionDenied):
        services.proposal_decide(proposal=proposal, by=alice, accept=True)
    with pytest.raises(services.Conflict):
        services.proposal_decide(proposal=proposal, by=staff, accept=True)


def test_opening_rules():
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    assert services.call_problems(
        deadline=now - timedelta(days=1), review_deadline=now, opening=True
    )
    assert not services.call_problems(
        deadline=now - timedelta(days=1), review_deadline=now, opening=False
    )
    assert services.call_problems(
        deadline=now + timedelta(days=2), review_deadline=now + timedelta(days=1), opening=False
    )
