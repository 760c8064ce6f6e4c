"""Curators open calls in the admin: the call, its criteria with positive weights (at least
one), its reviewers, and a deadline in the future when it is opened."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.calls.models import Call, CallState
from tests.conftest import sign_in_with_second_factor

pytestmark = pytest.mark.django_db


def _form(*, state: str, deadline, criteria=(("Relevance", "2"),), reviewers=()) -> dict:
    data = {
        "title": "Call for new projects",
        "text": "Projects on **CSR in SMEs**.",
        "deadline_0": deadline.strftime("%Y-%m-%d"),
        "deadline_1": "17:00:00",
        "review_deadline_0": (deadline + timedelta(days=30)).strftime("%Y-%m-%d"),
        "review_deadline_1": "17:00:00",
        "state": state,
        "criteria-TOTAL_FORMS": str(len(criteria)),
        "criteria-INITIAL_FORMS": "0",
        "reviewers-TOTAL_FORMS": str(len(reviewers)),
        "reviewers-INITIAL_FORMS": "0",
    }
    for n, (title, weight) in enumerate(criteria):
        data |= {f"criteria-{n}-title": title, f"criteria-{n}-weight": weight}
        data[f"criteria-{n}-order"] = str(n)
    for n, user in enumerate(reviewers):
        data[f"reviewers-{n}-user"] = str(user.pk)
    return data


@pytest.fixture
def curator(staff):
    return sign_in_with_second_factor(staff)


def test_a_curator_opens_a_call_with_criteria_and_reviewers(curator, reviewers):
    future = timezone.now() + timedelta(days=20)
    response = curator.post(
        reverse("admin:initiatives_call_add"),
        _form(
            state=CallState.OPEN,
            deadline=future,
            criteria=(("Relevance", "2"), ("Feasibility", "1")),
            reviewers=reviewers,
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    call = Call.objects.get()
    assert call.opened_at is not None and call.created_by is not None
    assert [c.weight for c in call.criteria.all()] == [2, 1]
    assert call.reviewers.count() == 2


@pytest.mark.parametrize(
    ("days", "criteria", "message"),
    [
        (-1, (("Relevance", "2"),), "must be in the future"),
        (20, (), "at least one criterion"),
        (20, (("Relevance", "0"),), "greater than or equal to 1"),
    ],
)
def test_opening_is_refused_without_what_it_needs(curator, days, criteria, message):
    response = curator.post(
        reverse("admin:initiatives_call_add"),
        _form(
            state=CallState.OPEN, deadline=timezone.now() + timedelta(days=days), criteria=criteria
        ),
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Call.objects.exists()


def test_a_draft_may_wait_without_criteria(curator):
    response = curator.post(
        reverse("admin:initiatives_call_add"),
        _form(state=CallState.DRAFT, deadline=timezone.now() + timedelta(days=5), criteria=()),
    )
    assert response.status_code == 302
    assert Call.objects.get().opened_at is None
