"""The calls' list pages take the same number of queries with few rows as with many."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.initiatives.calls.helpers import (
    applicant,
    close,
    make_call,
    make_proposal,
    score_all,
)
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


def _grow(open_call, closed_call, reviewers, n: int, offset: int) -> None:
    for i in range(n):
        make_call(title=f"Open {offset + i}")
        close(make_call(title=f"Closed {offset + i}"))
        organisation, admin = applicant(f"Applicant {offset + i}")
        proposal = make_proposal(closed_call, organisation, admin, title=f"Proposal {offset + i}")
        for reviewer in reviewers:
            score_all(proposal, reviewer, [3, 4], submit=bool(i % 2))
        make_proposal(open_call, organisation, admin, submitted=False)


@pytest.mark.parametrize("page", ["index", "queue", "ranking"])
def test_list_pages_do_not_grow_with_rows(page, reviewers, staff):
    open_call = make_call(reviewers=reviewers)
    closed_call = close(make_call(reviewers=reviewers))
    urls = {
        "index": (reverse("calls:index"), client_for(reviewers[0])),
        "queue": (reverse("calls:queue"), client_for(reviewers[0])),
        "ranking": (reverse("calls:ranking", args=[closed_call.uid]), client_for(staff)),
    }
    url, client = urls[page]
    _grow(open_call, closed_call, reviewers, 2, 0)
    few = queries_for(client, url)
    _grow(open_call, closed_call, reviewers, 6, 10)
    many = queries_for(client, url)

    assert many == few, f"{url}: {few} queries with few rows, {many} with many"
