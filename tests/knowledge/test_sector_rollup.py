"""NACE divisions roll up into their sections on both engines: filtering by a section finds
the practices tagged with its divisions, a section counts each of them once, and the facet
shows the sections with their divisions beneath. Imports take any division code."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import nullcontext
from urllib.parse import urlencode

import numpy as np
import pytest
from django.core.management import call_command
from django.http import QueryDict

from knowledge import search, services
from knowledge.models import Practice
from knowledge.search import facets, hierarchy
from taxonomy.models import Sector
from tests.knowledge.conftest import make_practice
from tests.knowledge.engines import SQLITE, on_sqlite

pytestmark = pytest.mark.django_db(databases=["default", SQLITE])


@pytest.fixture(params=["postgres", "sqlite"])
def engine(request) -> Iterator[str]:
    # SQLite's engine runs on its own database (tests/knowledge/engines.py).
    with on_sqlite() if request.param == "sqlite" else nullcontext():
        yield request.param


def _search(query: dict) -> search.Results:
    return search.search(search.Params.parse(QueryDict(urlencode(query, doseq=True))))


def _tag(practice, *codes: str) -> None:
    practice.sectors.set(Sector.objects.filter(code__in=codes))


@pytest.fixture
def tagged(engine) -> dict[str, object]:
    metal = make_practice(title="Metal workshop guide")
    _tag(metal, "C25")
    machines = make_practice(title="Machine builders guide")
    _tag(machines, "C25", "C28")  # two divisions of one section: counted once under C
    section = make_practice(title="Factory guide")
    _tag(section, "C")
    restaurant = make_practice(title="Restaurant guide")
    _tag(restaurant, "I56")
    make_practice(title="Untagged guide")
    return {"metal": metal, "machines": machines, "section": section, "restaurant": restaurant}


def test_filtering_by_a_section_finds_its_divisions_practices(tagged, engine):
    found = {p.title for p in _search({"sector": "C"}).practices}

    assert found == {"Metal workshop guide", "Machine builders guide", "Factory guide"}
    assert {p.title for p in _search({"sector": "I"}).practices} == {"Restaurant guide"}
    assert {p.title for p in _search({"sector": "C25"}).practices} == {
        "Metal workshop guide",
        "Machine builders guide",
    }
    assert _search({"sector": ["I", "C28"]}).total == 2


def test_a_section_counts_each_practice_once_and_holds_its_divisions(tagged, engine):
    (sector,) = [f for f in _search({}).facets if f.name == "sector"]
    sections = {v.value: v for v in sector.values}

    assert set(sections) == {"C", "I"}  # divisions sit beneath, not beside, their sections
    assert sections["C"].count == 3
    assert [(c.value, c.count) for c in sections["C"].children] == [("C25", 2), ("C28", 1)]
    assert [(c.value, c.count) for c in sections["I"].children] == [("I56", 1)]


def test_the_section_count_follows_the_other_filters(tagged, engine):
    # Not "metal": C25's own label ("fabricated metal products") is searchable too.
    (sector,) = [f for f in _search({"q": "workshop"}).facets if f.name == "sector"]

    assert [(v.value, v.count) for v in sector.values] == [("C", 1)]


def test_a_chosen_division_is_marked_and_removable(tagged, engine):
    results = _search({"sector": "C25"})
    (sector,) = [f for f in results.facets if f.name == "sector"]

    assert [v.value for v in sector.selected] == ["C25"]
    assert results.selected_count == 1
    assert sector.values[0].pinned


def test_roll_up_gives_a_parent_no_practice_holds_a_bit_of_its_own():
    rows, bits = facets.pack([{"sector:C25"}, {"sector:I56"}, {"type:guide"}])
    tree = {"sector": {"C": ["C25", "C28"], "I": ["I56"]}}

    counts, passed = facets.tally(rows, bits, {"sector": ["C"]}, tree=tree)

    assert counts["sector"] == {"C": 1, "C25": 1, "I": 1, "I56": 1}
    assert passed.tolist() == [True, False, False]
    assert rows.shape[1] == 1  # the caller's rows are left alone
    rolled, rolled_bits = hierarchy.roll_up(
        np.ones((2, 32), dtype=np.uint8), {"sector:C25": 255}, tree
    )
    assert rolled_bits["sector:C"] == 256 and rolled.shape == (2, 33)


def test_widening_adds_a_sections_divisions_only():
    tree = {"sector": {"C": ["C25", "C28"], "I": ["I56"]}}

    assert hierarchy.widened({"sector": ["C"], "type": ["guide"]}, tree) == {
        "sector": ["C", "C25", "C28"],
        "type": ["guide"],
    }
    assert hierarchy.widened({"sector": ["C25"]}, tree) == {"sector": ["C25"]}


def test_the_library_shows_divisions_beneath_their_section(client, tagged):
    html = client.get("/knowledge/").content.decode()

    section = html.index('id="f-sector-c"')
    nested = html.index('<ul class="facet-children"', section)
    assert section < nested < html.index('id="f-sector-c25"') < html.index('id="f-sector-i"')


def test_the_api_lists_divisions_with_their_section(client, tagged):
    data = client.get("/api/v1/facets/", {"sector": "C"}).json()

    assert data["count"] == 3
    sectors = {v["value"]: v for v in data["facets"]["sector"]}
    assert sectors["C"]["parent"] is None and sectors["C"]["selected"]
    assert sectors["C25"]["parent"] == "C" and sectors["C25"]["count"] == 2


def _record(**changes) -> str:
    record = {
        "id": "src-nace",
        "title": "Fabricated metal guide",
        "summary": "For metalworkers.",
        "type": "guide",
        "sectors": ["C25", "I56"],
        "language": "en",
    }
    return json.dumps({**record, **changes})


def test_the_import_takes_any_division_code(db):
    report = services.practices_import(lines=[_record()])

    assert report.created == 1 and not report.errors
    assert _search({"sector": "C"}).total == 1
    with pytest.raises(services.ImportRefused) as refused:
        services.practices_import(lines=[_record(id="x", sectors=["C99"])])
    assert "sectors has unknown values: C99" in refused.value.report.errors[0][1]


def test_import_practices_takes_every_division_of_nace(db, tmp_path):
    divisions = list(Sector.objects.filter(parent__isnull=False).values_list("code", flat=True))
    path = tmp_path / "practices.jsonl"
    path.write_text(
        "\n".join(_record(id=f"src-{code}", sectors=[code]) for code in divisions) + "\n"
    )

    call_command("import_practices", str(path), stdout=io.StringIO())

    assert len(divisions) == 88
    tagged = Practice.objects.filter(source_id__startswith="src-", sectors__parent__code="C")
    assert tagged.count() == 24
    assert _search({"sector": "C", "page_size": 50}).total == 24
