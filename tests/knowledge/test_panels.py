"""Apps above the knowledge centre add sections to a practice's page and labels to the
library's results through ``knowledge.panels``, naming the cache areas their content is from."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest
from django.test import Client
from django.utils.html import format_html

import pagecache
from knowledge import panels
from knowledge.models import Practice
from tests.knowledge.conftest import make_practice
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

NOTES: dict[int, str] = {}
CALLS: list[int] = []


def _section(practice: Practice) -> str:
    note = NOTES.get(practice.pk)
    return format_html('<section class="test-note"><p>{}</p></section>', note) if note else ""


def _labels(practices: Sequence[Practice]) -> dict[int, list[str]]:
    CALLS.append(len(practices))
    return {p.pk: [format_html("<span>{}</span>", NOTES[p.pk])] for p in practices if p.pk in NOTES}


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    panels.register_section(_section, areas=["forum"])
    panels.register_labels(_labels, areas=["forum"])
    yield
    panels._SECTIONS[:] = [e for e in panels._SECTIONS if e.provider is not _section]
    panels._LABELS[:] = [e for e in panels._LABELS if e.provider is not _labels]
    NOTES.clear()
    CALLS.clear()


def test_a_section_shows_on_the_practice_page_with_its_text_escaped():
    practice = make_practice(title="Energy audit")
    NOTES[practice.pk] = "Serves <action> 1.2"

    html = Client().get(practice.get_absolute_url()).content.decode()

    assert '<section class="test-note"><p>Serves &lt;action&gt; 1.2</p></section>' in html


def test_a_practice_without_anything_to_add_shows_no_section():
    practice = make_practice(title="Energy audit")

    assert "test-note" not in Client().get(practice.get_absolute_url()).content.decode()


def test_labels_show_under_results_and_are_read_once_per_page():
    first = make_practice(title="Energy audit one")
    make_practice(title="Energy audit two")
    NOTES[first.pk] = "Serves action 1.2"

    html = Client().get("/knowledge/", {"q": "energy"}).content.decode()

    assert html.count("<span>Serves action 1.2</span>") == 1
    assert CALLS == [2]


def test_the_cached_page_is_renewed_when_a_named_area_changes(
    settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 300
    practice = make_practice(title="Energy audit")
    NOTES[practice.pk] = "First note"
    anonymous = Client()
    assert "First note" in anonymous.get(practice.get_absolute_url()).content.decode()

    NOTES[practice.pk] = "Second note"
    assert queries_for(anonymous, practice.get_absolute_url()) == 0  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed("forum")

    assert "Second note" in anonymous.get(practice.get_absolute_url()).content.decode()
