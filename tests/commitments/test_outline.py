"""The pasted-outline parser, the service that creates a framework from it (all or nothing),
and the admin page that uses both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import Action, Commitment, Framework, SubItem
from commitments.outline import OutlineError, parse_outline
from commitments.services import framework_create
from tests.conftest import client_for

GOOD = """
Commitment 1 – Awareness by:
1. Share methods.
2. Train people
   across the sector.
3. Engage stakeholders.
   a. Associations.
   - b) Enterprises.
   (c) Events.

COMMITMENT 2: Strategy
1) Guidelines.
"""


def _structure(parsed):
    return [
        (
            c.number,
            c.title,
            [(a.number, a.text, [(s.letter, s.text) for s in a.sub_items]) for a in c.actions],
        )
        for c in parsed
    ]


def test_parser_reads_commitments_actions_and_sub_items():
    assert _structure(parse_outline(GOOD)) == [
        (
            1,
            "Awareness",
            [
                (1, "Share methods.", []),
                (2, "Train people across the sector.", []),
                (
                    3,
                    "Engage stakeholders.",
                    [("a", "Associations."), ("b", "Enterprises."), ("c", "Events.")],
                ),
            ],
        ),
        (2, "Strategy", [(1, "Guidelines.", [])]),
    ]


@pytest.mark.parametrize(
    ("outline", "expected"),
    [
        ("1. An action first.", ["Line 1: an action comes before any commitment heading"]),
        ("Some preamble\nCommitment 1 – A\n1. x", ["Line 1: the outline must start with"]),
        ("Commitment 1 – A\n1. x\n3. y", ["Line 3: expected action 2 of commitment 1, found 3."]),
        ("Commitment 2 – A\n1. x", ["Line 1: expected commitment 1, found commitment 2."]),
        (
            "Commitment 1 – A\na. x",
            ["Line 1: commitment 1 has no actions.", "Line 2: a lettered sub-item comes before"],
        ),
        ("Commitment 1 – A\n1. x\n  b. y", ["Line 3: expected sub-item a, found b."]),
        ("Commitment 1 – A\n\nCommitment 2 – B\n1. x", ["Line 1: commitment 1 has no actions."]),
        ("Commitment 1\n1. x", ["Line 1: commitment 1 has no title."]),
        ("   \n\n", ["The outline is empty"]),
    ],
)
def test_broken_outline_names_the_line(outline, expected):
    with pytest.raises(OutlineError) as excinfo:
        parse_outline(outline)

    messages = excinfo.value.messages
    assert len(messages) == len(expected), messages
    for message, start in zip(messages, expected, strict=True):
        assert message.startswith(start), message


def test_every_problem_is_reported_in_line_order():
    with pytest.raises(OutlineError) as excinfo:
        parse_outline("Commitment 1 – A\n2. x\nCommitment 3 – C\n1. y\n  c. z")

    assert [line for line, _ in excinfo.value.problems] == [2, 3, 5]


def _create(outline: str, **overrides):
    fields = {
        "slug": "tiles",
        "title": "Ceramic tiles sector commitments",
        "short_title": "TILES",
        "source": "Invented for a test.",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2027, 12, 31),
        "outline": outline,
    } | overrides
    return framework_create(**fields)


@pytest.mark.django_db
def test_framework_is_created_with_its_hierarchy():
    framework = _create(GOOD)

    assert Commitment.objects.filter(framework=framework).count() == 2
    assert Action.objects.filter(commitment__framework=framework).count() == 4
    assert list(
        SubItem.objects.filter(action__commitment__framework=framework).values_list(
            "letter", flat=True
        )
    ) == ["a", "b", "c"]


@pytest.mark.django_db
def test_broken_outline_creates_nothing():
    with pytest.raises(OutlineError):
        _create("Commitment 1 – A\n1. x\n1. again")

    assert not Framework.objects.exists()
    assert not Commitment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["review", "pledges"])
def test_reserved_address_keys_are_refused(slug):
    with pytest.raises(ValidationError):
        _create(GOOD, slug=slug)
    assert not Framework.objects.exists()


# --- The admin page ----------------------------------------------------------------------------

URL = reverse("admin:commitments_framework_import_outline")


def _form(outline: str) -> dict[str, str]:
    return {
        "title": "Ceramic tiles sector commitments",
        "short_title": "TILES",
        "slug": "tiles",
        "source": "Invented for a test.",
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "reporting_cycle": "half-year",
        "is_published": "on",
        "outline": outline,
    }


def test_admin_creates_a_framework_from_an_outline(staff):
    client = client_for(staff)
    assert client.get(URL).status_code == 200

    response = client.post(URL, _form(GOOD))

    framework = Framework.objects.get(slug="tiles")
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:commitments_framework_change", args=[framework.pk]
    )
    assert framework.is_published
    assert Action.objects.filter(commitment__framework=framework).count() == 4


def test_admin_shows_outline_problems_with_line_numbers_and_creates_nothing(staff):
    response = client_for(staff).post(URL, _form("Commitment 1 – A\n1. x\n4. y"))

    assert response.status_code == 400
    assert "Line 3: expected action 2 of commitment 1, found 4." in response.content.decode()
    assert not Framework.objects.exists()


def test_admin_outline_page_is_for_staff_only(alice_client, client):
    assert alice_client.get(URL).status_code == 302  # the admin's own login
    assert client.get(URL).status_code == 302


def test_changelist_links_to_the_outline_page(staff):
    page = client_for(staff).get(reverse("admin:commitments_framework_changelist"))
    assert URL in page.content.decode()
