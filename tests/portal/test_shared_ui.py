"""The shared UI parts in templates/includes/: error summary, confirm page, pagination."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse


def test_a_form_with_errors_opens_with_a_summary_that_links_to_each_field(alice, alice_client):
    response = alice_client.post(reverse("accounts:delete"), {"password": "nope"})
    body = response.content.decode()

    summary = re.search(r'<div class="error-summary" role="alert">(.*?)</div>', body, re.S)
    assert response.status_code == 400
    assert summary is not None
    assert "<h2>There is a problem</h2>" in summary.group(1)
    assert '<a href="#id_password">' in summary.group(1)
    assert body.index("error-summary") < body.index('id="id_password"')
    field = re.search(r'<input[^>]*id="id_password"[^>]*>', body).group(0)
    described_by = re.search(r'aria-describedby="([^"]*)"', field).group(1).split()
    assert any(f'id="{ref}"' in body and ref.endswith("error") for ref in described_by)


def test_a_form_without_errors_has_no_summary(alice, alice_client):
    body = alice_client.get(reverse("accounts:delete")).content.decode()

    assert "error-summary" not in body


def test_a_destructive_confirmation_posts_and_offers_a_way_back(alice, alice_client):
    body = alice_client.get(reverse("accounts:delete")).content.decode()

    forms = re.findall(r'<form method="post"[^>]*>(.*?)</form>', body, re.S)
    form = next(form for form in forms if "button-danger" in form)
    assert "<h1>Delete your account?</h1>" in body
    assert 'class="button button-danger">Delete my account</button>' in form
    assert f'href="{reverse("accounts:overview")}">Cancel</a>' in form


def test_pagination_says_the_same_for_a_django_page_and_a_page_built_by_hand():
    page = Paginator(range(30), 10).get_page(2)
    from_page = render_to_string("includes/pagination.html", {"page": page, "page_query": "a=1"})
    by_hand = render_to_string(
        "includes/pagination.html",
        {
            "page_number": 2,
            "page_count": 3,
            "has_previous": True,
            "has_next": True,
            "previous_url": "?a=1&page=1",
            "next_url": "?a=1&page=3",
        },
    )

    assert from_page.split() == by_hand.split()
    assert '<li aria-current="page">Page 2 of 3</li>' in from_page
    assert 'href="?a=1&amp;page=3" rel="next"' in from_page


def test_a_single_page_needs_no_pagination():
    page = Paginator(range(3), 10).get_page(1)

    assert "<nav" not in render_to_string("includes/pagination.html", {"page": page})
