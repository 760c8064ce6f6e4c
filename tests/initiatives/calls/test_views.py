"""The calls' pages: who sees what, the deadline's 409, the reviewer's hidden scores, and the
curator's ranking and decision."""

from __future__ import annotations

import pytest
from django.core import mail  # noqa: F401
from django.urls import reverse

from initiatives.calls.models import CallState, Proposal, ProposalState
from tests.conftest import client_for
from tests.initiatives.calls.helpers import close, make_call, make_proposal, pdf, score_all

pytestmark = pytest.mark.django_db


def test_index_lists_open_calls_then_closed_ones(client):
    make_call(title="Open call for SME projects")
    close(make_call(title="The 2002 call"))
    make_call(title="A draft nobody sees", state=CallState.DRAFT)

    page = client.get(reverse("calls:index")).content.decode()

    assert page.index("Open call for SME projects") < page.index("The 2002 call")
    assert "A draft nobody sees" not in page


def test_a_draft_call_is_a_404_but_to_curators(client, alice_client, staff):
    call = make_call(state=CallState.DRAFT)
    url = call.get_absolute_url()

    assert client.get(url).status_code == 404
    assert alice_client.get(url).status_code == 404
    assert client_for(staff).get(url).status_code == 200


def test_an_administrator_writes_sends_and_attaches(alice_client, org_a):
    call = make_call()
    response = alice_client.post(
        reverse("calls:propose", args=[call.uid]),
        {
            "organisation": org_a.pk,
            "title": "Learning networks",
            "summary": "Peer learning for SMEs.",
            "description": "Twelve meetings.",
            "requested_amount": "15000",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()

    added = alice_client.post(reverse("calls:file_add", args=[proposal.uid]), {"file": pdf()})
    assert added.status_code == 302
    sent = alice_client.post(reverse("calls:submit", args=[proposal.uid]))
    assert sent.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    item = proposal.files.get()
    download = alice_client.get(reverse("calls:file", args=[proposal.uid, item.uid]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"


def test_a_bad_proposal_is_a_400_and_a_bad_file_too(alice_client, alice, org_a):
    call = make_call()
    assert alice_client.post(reverse("calls:propose", args=[call.uid]), {}).status_code == 400
    proposal = make_proposal(call, org_a, alice, submitted=False)
    response = alice_client.post(
        reverse("calls:file_add", args=[proposal.uid]),
        {"file": pdf("x.pdf").__class__("x.pdf", b"hello")},
    )
    assert response.status_code == 400
    assert "not one of the accepted kinds" in response.content.decode()


def test_after_the_deadline_sending_is_a_409_with_the_reason(alice_client, alice, org_a):
    call = make_call()
    proposal = make_proposal(call, org_a, alice, submitted=False)
    close(call)

    for response in (
        alice_client.post(reverse("calls:submit", args=[proposal.uid])),
        alice_client.get(reverse("calls:propose", args=[call.uid])),
        alice_client.post(reverse("calls:file_add", args=[proposal.uid]), {"file": pdf()}),
    ):
        assert response.status_code == 409
        assert "closed" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT and not proposal.files.exists()


def test_another_organisation_gets_a_404(bob_client, alice, org_a):
    proposal = make_proposal(make_call(), org_a, alice)

    assert bob_client.get(proposal.get_absolute_url()).status_code == 404
    assert bob_client.post(reverse("calls:submit", args=[proposal.uid])).status_code == 404


def test_a_reviewer_sees_the_others_only_after_submitting(alice, org_a, reviewers):
    rita, ruben = reviewers
    call = close(make_call(reviewers=reviewers))
    proposal = make_proposal(call, org_a, alice)
    score_all(proposal, ruben, [2, 1])
    client = client_for(rita)
    url = reverse("calls:review", args=[proposal.uid])

    before = client.get(url).content.decode()
    assert "Ruben Reviewer" not in before
    assert "1 other reviewer has submitted a review" in before
    criteria = list(call.criteria.all())
    response = client.post(
        url,
        {
            f"score_{criteria[0].pk}": "4",
            f"score_{criteria[1].pk}": "5",
            f"comment_{criteria[0].pk}": "Strong fit.",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    after = client.get(url).content.decode()
    assert "Ruben Reviewer" in after and "Strong fit." in after
    assert "Weighted mean score of the submitted reviews: 3.00" in after  # (13/3 + 5/3) / 2


def test_an_incomplete_submission_is_a_400(alice, org_a, reviewers):
    call = close(make_call(reviewers=reviewers))
    proposal = make_proposal(call, org_a, alice)
    response = client_for(reviewers[0]).post(
        reverse("calls:review", args=[proposal.uid]), {"action": "submit"}
    )
    assert response.status_code == 400
    assert "Score every criterion" in response.content.decode()


def test_the_queue_lists_proposals_to_review(alice, org_a, reviewers, bob_client):
    call = close(make_call(reviewers=reviewers))
    proposal = make_proposal(call, org_a, alice)
    make_proposal(call, *_other(), submitted=False)

    page = client_for(reviewers[0]).get(reverse("calls:queue")).content.decode()
    assert proposal.title in page and page.count("<tr>") == 2  # header and one row
    assert bob_client.get(reverse("calls:queue")).status_code == 403


def _other():
    from tests.initiatives.calls.helpers import applicant

    return applicant("Drafting Org")


def test_the_curator_ranks_and_decides(alice, org_a, staff, reviewers, alice_client):
    call = close(make_call(reviewers=reviewers))
    proposal = make_proposal(call, org_a, alice)
    score_all(proposal, reviewers[0], [5, 4])
    curator = client_for(staff)

    ranking = curator.get(reverse("calls:ranking", args=[call.uid])).content.decode()
    assert proposal.title in ranking and "4.67" in ranking
    assert alice_client.get(reverse("calls:ranking", args=[call.uid])).status_code == 403
    declined_without_reason = curator.post(
        reverse("calls:decide", args=[proposal.uid]), {"decision": "decline"}
    )
    assert declined_without_reason.status_code == 400
    response = curator.post(
        reverse("calls:decide", args=[proposal.uid]),
        {"decision": "accept", "message": "Well done."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    page = alice_client.get(proposal.get_absolute_url()).content.decode()
    assert "Your proposal is accepted." in page
    assert proposal.initiative.get_absolute_url() in page
    assert alice_client.get(proposal.initiative.get_absolute_url()).status_code == 200
    again = curator.post(reverse("calls:decide", args=[proposal.uid]), {"decision": "decline"})
    assert again.status_code == 409


def test_a_closed_call_shows_its_accepted_projects(client, alice, org_a, staff):
    from initiatives.calls import services

    call = close(make_call())
    proposal = make_proposal(call, org_a, alice, title="Green logistics for SMEs")
    services.proposal_decide(proposal=proposal, by=staff, accept=True)

    page = client.get(call.get_absolute_url()).content.decode()
    assert "Green logistics for SMEs" in page
