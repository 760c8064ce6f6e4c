"""What the calls hold about people and organisations: the download, and erasure."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from accounts import privacy
from initiatives.calls import services
from initiatives.calls.models import Proposal, Review
from tests.conftest import client_for
from tests.initiatives.calls.helpers import close, make_call, make_proposal, pdf, score_all

pytestmark = pytest.mark.django_db


def test_the_download_shows_proposals_and_reviews(alice, org_a, reviewers):
    call = make_call(reviewers=[reviewers[0]])
    proposal = services.proposal_start(
        call=call,
        organisation=org_a,
        by=alice,
        text=services.ProposalText("Our project", "Summary.", "Text."),
    )
    services.proposal_submit(proposal=proposal, by=alice)

    data = client_for(alice).get(reverse("accounts:personal_data")).json()
    assert data["calls"]["proposals_you_wrote"][0]["title"] == "Our project"

    close(call)
    proposal.refresh_from_db()
    score_all(proposal, reviewers[0], [3, 4])
    data = client_for(reviewers[0]).get(reverse("accounts:personal_data")).json()
    assert data["calls"]["your_reviews"][0]["scores"][0]["score"] == 3


def test_deleting_the_organisation_deletes_its_proposals_and_files(
    alice, org_a, django_capture_on_commit_callbacks
):
    proposal = services.proposal_start(
        call=make_call(),
        organisation=org_a,
        by=alice,
        text=services.ProposalText("Our project", "Summary.", "Text."),
    )
    stored = Path(services.proposal_file_add(proposal=proposal, by=alice, upload=pdf()).file.path)
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        privacy.organisation_delete(organisation=org_a)

    assert not Proposal.objects.exists() and not stored.exists()


def test_a_reviewer_erased_leaves_the_scores_without_a_name(alice, org_a, reviewers):
    call = close(make_call(reviewers=reviewers))
    proposal = make_proposal(call, org_a, alice)
    score_all(proposal, reviewers[0], [5, 5])

    privacy.account_delete(user=reviewers[0])

    review = Review.objects.get()
    assert review.reviewer is None and review.scores.count() == 2
