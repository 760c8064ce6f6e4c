"""Coherent collections (issue 14): a collection read in one interface language shows the
practices in that language first (a published version in that language replaces the
original), and marks the others with their language."""

from __future__ import annotations

import pytest
from django.utils import translation

from knowledge.models import CollectionItem
from tests.knowledge.conftest import make_practice

pytestmark = pytest.mark.django_db


def test_an_english_reader_sees_english_items_first_and_others_marked(client, collection):
    dutch = make_practice(title="Nederlandse gids", language="nl")
    english = make_practice(title="English guide", language="en")
    french = make_practice(title="Guide français", language="fr")
    for position, practice in enumerate([dutch, english, french]):
        CollectionItem.objects.create(collection=collection, practice=practice, position=position)

    response = client.get(collection.get_absolute_url())
    html = response.content.decode()

    assert response.context["practices"] == [english, dutch, french]
    assert "in Dutch" in html and "in French" in html and "in English" not in html
    assert '<h2 lang="nl"><a href="' in html and 'hreflang="nl"' in html


def test_a_dutch_reader_sees_dutch_items_first(client, collection):
    english = make_practice(title="English guide", language="en")
    dutch = make_practice(title="Nederlandse gids", language="nl")
    CollectionItem.objects.create(collection=collection, practice=english, position=0)
    CollectionItem.objects.create(collection=collection, practice=dutch, position=1)

    with translation.override("nl"):
        url = collection.get_absolute_url()
    response = client.get(url)

    assert response.context["practices"] == [dutch, english]


def test_a_version_in_the_readers_language_replaces_the_original(client, collection):
    original = make_practice(title="Gids duurzaam inkopen", language="nl")
    version = make_practice(
        title="Sustainable purchasing guide", language="en", translation_of=original
    )
    CollectionItem.objects.create(collection=collection, practice=original, position=0)

    response = client.get(collection.get_absolute_url())

    assert response.context["practices"] == [version]


def test_the_demo_starter_kit_leads_with_english_for_an_english_reader(client, corpus):
    response = client.get("/knowledge/collections/sme-starter-kit/")

    languages = [p.language for p in response.context["practices"]]
    assert languages == sorted(languages, key=lambda code: code != "en")
    assert languages[0] == "en" and set(languages) > {"en"}
