"""The register's list pages take the same number of queries with few rows as with many."""

from __future__ import annotations

import pytest
from django.urls import reverse

from initiatives import services
from taxonomy.models import Iso26000Subject, Theme
from tests.conftest import client_for
from tests.factories import OrganisationFactory
from tests.initiatives.factories import initiative
from tests.utils import queries_for

pytestmark = pytest.mark.django_db


def _grow(owner, n: int) -> None:
    themes = list(Theme.objects.all()[:3])
    subjects = list(Iso26000Subject.objects.all()[:2])
    for i in range(n):
        found = initiative(
            owner,
            title=f"Initiative {i}",
            publish=True,
            themes=themes,
            iso26000=subjects,
            countries=["BE", "NL"],
        )
        partner = OrganisationFactory()
        partnership = services.partner_invite(initiative=found, by=None, partner=partner)
        partnership.state = "confirmed"
        partnership.save()
        initiative(owner, title=f"Private {i}")
        services.partner_invite(
            initiative=initiative(OrganisationFactory()), by=None, partner=owner
        )


def _urls(organisation) -> list[str]:
    index = reverse("initiatives:index")
    return [
        index,
        f"{index}?q=initiative&country=BE&theme=eco-efficiency&status=planned",
        reverse("initiatives:organisation", args=[organisation.slug]),
        reverse("accounts:organisation", args=[organisation.slug]),
    ]


def test_list_pages_do_not_grow_with_rows(alice, org_a):
    client = client_for(alice)
    _grow(org_a, 2)
    few = [queries_for(client, url) for url in _urls(org_a)]
    _grow(org_a, 8)
    many = [queries_for(client, url) for url in _urls(org_a)]
    assert many == few
