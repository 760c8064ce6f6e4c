"""The audiences and types issue 15 added (employees and worker representatives, researchers
and educators, policy makers, investors, consumers; position papers and recommendations) are
accepted by the import, counted and labelled in the library's facets, searchable by their
labels, and listed in the API's OpenAPI schema. The older codes stay valid."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from knowledge import services
from knowledge.models import Audience, Practice, PracticeType
from knowledge.openapi import openapi_schema
from knowledge.sheets import record_of

pytestmark = pytest.mark.django_db

NEW_AUDIENCES = ["employee", "researcher", "policy-maker", "investor", "consumer"]


def _record(**changes) -> str:
    record = {
        "id": "mts-1",
        "title": "Joint position paper on CSR in the machine tools sector",
        "summary": "The sector's shared view of responsible business.",
        "type": "policy-paper",
        "audience": ["policy-maker", "employee", "trainer", "public-authority"],
        "language": "en",
        "status": "published",
    }
    return json.dumps({**record, **changes})


def test_the_new_audiences_and_the_old_codes_are_all_choices():
    assert set(NEW_AUDIENCES) <= set(Audience.values)
    assert {"sme", "large-enterprise", "intermediary", "trainer", "public-authority"} <= set(
        Audience.values
    )
    assert "policy-paper" in PracticeType.values


def test_an_import_takes_the_new_audiences_and_type():
    report = services.practices_import(lines=[_record()])

    assert not report.errors and report.created == 1
    practice = Practice.objects.get(source_id="mts-1")
    assert practice.type == "policy-paper"
    assert sorted(practice.audience) == ["employee", "policy-maker", "public-authority", "trainer"]


def test_an_unknown_audience_is_still_refused():
    with pytest.raises(services.ImportRefused):
        services.practices_import(lines=[_record(audience=["workers"])])


def test_a_spreadsheet_row_lists_new_audiences():
    record = record_of(["id", "audience"], ["x", "employee; investor"])

    assert record["audience"] == ["employee", "investor"]


def test_the_library_facet_counts_and_labels_the_new_audiences():
    services.practices_import(lines=[_record()])

    html = Client().get("/knowledge/", {"audience": "employee"}).content.decode()

    assert "Employees and worker representatives" in html
    assert "Policy makers" in html
    assert "Position paper or policy recommendations" in html
    assert "Joint position paper on CSR" in html


def test_a_new_audience_label_is_searchable():
    services.practices_import(lines=[_record(title="Briefing for the sector")])

    html = Client().get("/knowledge/", {"q": "worker representatives"}).content.decode()

    assert "Briefing for the sector" in html


def test_the_api_schema_lists_the_new_values():
    schemas = openapi_schema()["components"]["schemas"]
    audience = schemas["Practice"]["allOf"][1]["properties"]["audience"]
    parameters = {
        p["name"]: p["description"]
        for p in openapi_schema()["paths"]["/practices/"]["get"]["parameters"]
    }

    assert audience["items"]["enum"] == list(Audience.values)
    assert schemas["PracticeSummary"]["properties"]["type"]["enum"] == list(PracticeType.values)
    for value in NEW_AUDIENCES:
        assert value in parameters["audience"]
    assert "policy-paper" in parameters["type"]
