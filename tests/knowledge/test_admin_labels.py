"""Human labels in the curators' admin: capitalised field labels and natural page titles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_practice_form_labels_are_capitalised(staff):
    html = client_for(staff).get(reverse("admin:knowledge_practice_add")).content.decode()

    for label in ("Audience", "Countries", "External address"):
        assert f">{label}:</label>" in html
    for lowercase in (">audience:", ">countries:", ">external address:"):
        assert lowercase not in html


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("admin:knowledge_submission_changelist", "Submissions waiting for review"),
        ("admin:knowledge_practicedueforreview_changelist", "Practices past their review-by date"),
    ],
)
def test_the_review_queues_have_natural_titles(staff, name, title):
    html = client_for(staff).get(reverse(name)).content.decode()

    assert f"<h1>{title}</h1>" in html
    assert "to review to change" not in html and "review queue:" not in html
