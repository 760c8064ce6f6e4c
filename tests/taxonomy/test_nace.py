"""NACE Rev. 2 in full: 21 sections and their 88 divisions in four languages, loaded by a data
migration that matches taxonomy/nace.py, and organisations choosing a division."""

from __future__ import annotations

import importlib

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.forms import OrganisationForm
from taxonomy import nace
from taxonomy.models import Sector
from taxonomy.services import vocabularies_load

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("taxonomy.migrations.0004_nace_divisions")


def test_the_migrations_load_every_section_and_division_under_its_section():
    assert Sector.objects.sections().count() == 21
    assert Sector.objects.filter(parent__isnull=False).count() == 88
    for code in ("C25", "I56", "A01", "U99"):
        division = Sector.objects.select_related("parent").get(code=code)
        assert division.parent.code == code[0]
        assert all(getattr(division, f"name_{lang}") for lang in ("en", "nl", "fr", "de"))
    assert Sector.objects.get(code="C25").name_de == "Herstellung von Metallerzeugnissen"


def test_c28_keeps_its_code_and_names_and_gains_its_section():
    c28 = Sector.objects.get(code="C28")

    assert c28.parent.code == "C"
    assert c28.name_en == "Manufacture of machinery and equipment n.e.c."
    assert c28.name_de == "Maschinenbau"


def test_the_migrations_frozen_rows_match_the_live_table():
    assert MIGRATION.DIVISIONS == nace.NACE_DIVISIONS


def test_reloading_the_vocabularies_changes_nothing():
    before = list(Sector.objects.values_list("code", "parent__code", "name_en", "name_nl"))
    vocabularies_load()
    after = list(Sector.objects.values_list("code", "parent__code", "name_en", "name_nl"))

    assert before == after and len(after) == 109


def test_the_organisation_form_groups_divisions_under_their_sections():
    with translation.override("fr"):
        choices = OrganisationForm().fields["sector"].choices
    groups = dict(choices[1:])

    manufacturing = groups["C – Industrie manufacturière"]
    labels = [label for _pk, label in manufacturing]
    assert manufacturing[0][0] == Sector.objects.get(code="C").pk  # the section itself first
    assert labels[0].startswith("C – Industrie manufacturière")
    c25 = "C25 – Fabrication de produits métalliques, à l'exception des machines et des équipements"
    assert c25 in labels
    assert len(manufacturing) == 1 + 24


def test_an_organisation_names_its_division(alice_client, alice):
    organisation = alice.memberships.get().organisation
    c25 = Sector.objects.get(code="C25")
    url = reverse("accounts:organisation_edit", args=[organisation.slug])

    response = alice_client.post(
        url,
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "size_class": organisation.size_class,
            "country": organisation.country,
            "sector": c25.pk,
            "website": "",
        },
    )

    assert response.status_code == 302, response.content
    organisation.refresh_from_db()
    assert organisation.sector == c25
    assert '<optgroup label="C – Manufacturing">' in alice_client.get(url).content.decode()
