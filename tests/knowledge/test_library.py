"""The library page: search with facets (OR within a facet, AND across), sorting, pagination,
snippets, suggestions, empty states, htmx partials, and constant queries as the library grows."""

from __future__ import annotations

import pytest
from django.utils import timezone

from knowledge.models import Practice, Status
from taxonomy.models import Sector, Theme
from tests.knowledge.conftest import make_practice
from tests.utils import queries_for

pytestmark = pytest.mark.django_db
URL = "/knowledge/"


def _titles(response) -> list[str]:
    return [p.title for p in response.context["results"].practices]


def _facet(response, name: str) -> dict[str, int]:
    facet = next(f for f in response.context["results"].facets if f.name == name)
    return {v.value: v.count for v in facet.values}


def test_the_library_lists_published_practices_only(client, corpus):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["results"].total == 50
    assert "Draft: energy audit" not in response.content.decode()


def test_values_within_a_facet_combine_with_or(client, corpus):
    one = client.get(URL, {"type": "checklist"}).context["results"].total
    other = client.get(URL, {"type": "handbook"}).context["results"].total
    both = client.get(URL, {"type": ["checklist", "handbook"]}).context["results"].total

    assert one and other
    assert both == one + other


def test_different_facets_combine_with_and(client, corpus):
    response = client.get(URL, {"type": ["checklist", "handbook"], "language": "fr"})

    assert response.context["results"].total == 2  # the French checklist and handbook
    assert all(p.language == "fr" for p in response.context["results"].practices)
    assert all(p.type in {"checklist", "handbook"} for p in response.context["results"].practices)


def test_a_facets_counts_ignore_its_own_selection_but_apply_the_others(client, corpus):
    response = client.get(URL, {"type": "checklist", "language": "fr"})

    # Type counts are for French practices of any type; language counts for checklists.
    assert _facet(response, "type")["guide"] == 1
    assert _facet(response, "language") == {"en": 2, "nl": 1, "fr": 1, "de": 1}


def test_the_priority_area_links_from_the_alliance_filter_by_theme(client, corpus):
    response = client.get(URL, {"theme": "eco-efficiency"})
    expected = Practice.objects.published().filter(themes__slug="eco-efficiency").count()

    assert response.context["results"].total == expected > 0
    theme = Theme.objects.get(slug="eco-efficiency")
    assert all(theme in p.themes.all() for p in response.context["results"].practices)


def test_search_and_filters_work_together(client, corpus):
    everything = client.get(URL, {"q": "guide"}).context["results"]
    french = client.get(URL, {"q": "guide", "language": "fr"}).context["results"]

    assert 1 <= french.total < everything.total
    assert all(p.language == "fr" for p in french.practices)


def test_sort_by_title_and_newest(client, db):
    now = timezone.now()
    make_practice(title="Beta", published_at=now - timezone.timedelta(days=2))
    make_practice(title="Alpha", published_at=now - timezone.timedelta(days=1))
    make_practice(title="Gamma", published_at=now)

    assert _titles(client.get(URL, {"sort": "title"})) == ["Alpha", "Beta", "Gamma"]
    assert _titles(client.get(URL, {"sort": "newest"})) == ["Gamma", "Alpha", "Beta"]


def test_an_unknown_sort_falls_back_to_relevance(client, db):
    response = client.get(URL, {"sort": "nonsense", "page": "x"})

    assert response.status_code == 200
    assert response.context["params"].sort == "relevance"


def test_pagination_keeps_the_search(client, db):
    for number in range(25):
        make_practice(title=f"Waste guide {number:02d}")
    first = client.get(URL, {"q": "waste", "sort": "title"})
    third = client.get(URL, {"q": "waste", "sort": "title", "page": 3})

    assert first.context["results"].num_pages == 3
    assert "q=waste&amp;sort=title&amp;page=2" in first.content.decode()
    assert _titles(third) == [f"Waste guide {n:02d}" for n in range(20, 25)]


def test_results_show_highlighted_snippets(client, corpus):
    html = client.get(URL, {"q": "compressed air"}).content.decode()

    assert "<mark>" in html


def test_snippets_escape_the_practice_text(client, db):
    practice = make_practice(title="Escaping", summary="<script>alert(1)</script> energy saving")

    html = client.get(URL, {"q": "energy"}).content.decode()
    page = client.get(practice.get_absolute_url()).content.decode()

    assert "<mark>energy</mark>" in html
    assert "<script>alert(1)" not in html
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def test_a_misspelt_word_gets_a_did_you_mean_with_results(client, corpus):
    response = client.get(URL, {"q": "recyling"})

    assert response.context["results"].corrected == "recycling"
    assert response.context["results"].total > 0
    assert "Did you mean" in response.content.decode()


def test_no_match_shows_a_helpful_empty_state(client, corpus):
    html = client.get(URL, {"q": "xylophone", "type": "guide"}).content.decode()

    assert "No practice matches this search." in html
    assert "Remove a filter" in html
    assert "Browse the curated collections" in html


def test_an_empty_library_says_so(client, db):
    html = client.get(URL).content.decode()

    assert "The library has no published practices yet." in html


def test_htmx_requests_get_only_the_results_and_the_save_box(client, corpus):
    response = client.get(URL, {"q": "energy"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()

    assert html.startswith('<section id="library-results"')
    # The filters' disclosure stays as the reader left it (open or not): only its content and
    # its summary are replaced, out of band.
    assert 'id="library-facets" class="facets" data-hx-swap-oob="true"' in html
    assert '<span id="filter-summary" data-hx-swap-oob="true">' in html
    assert "<details" not in html.split('id="library-facets"')[0]
    assert 'id="save-search" class="save-search" hx-swap-oob="true"' in html
    assert "<html" not in html


def test_the_page_works_without_javascript(client, corpus):
    html = client.get(URL, {"q": "energy"}).content.decode()

    assert '<form method="get" action="/knowledge/"' in html
    assert 'type="submit"' in html  # filters apply with a button when scripts are off
    assert 'style="' not in html


def test_a_very_long_query_is_cut_not_an_error(client, db):
    assert client.get(URL, {"q": "energy " * 100}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=guide",
        "?q=guide&theme=eco-efficiency&type=guide",
        "?q=guide&audience=sme&language=en&sort=title&page_size=5&page=2",
        "?q=guidr&theme=eco-efficiency",  # misspelt: the suggestion and its search
        "?q=guide+xylophone",  # no practice has both words: the relaxed search
        "?q=guide&sector=C",  # a section, widened to its divisions, divisions nested beneath
    ],
)
def test_the_library_keeps_a_constant_number_of_queries(client, db, query):
    themes = list(Theme.objects.filter(slug__in=["eco-efficiency", "sme-growth", "supply-chain"]))
    sectors = list(Sector.objects.filter(code__in=["C25", "C28", "I56"]))

    def grow(count: int) -> None:
        for _ in range(count):
            practice = make_practice(title="Guide to eco-efficiency", audience=["sme"])
            practice.themes.set(themes)
            practice.sectors.set([sectors[practice.pk % len(sectors)]])

    grow(10)
    few = queries_for(client, URL + query)
    grow(490)
    many = queries_for(client, URL + query)

    assert Practice.objects.filter(status=Status.PUBLISHED).count() == 500
    assert few == many
    assert client.get(URL + query).context["results"].total > 0
