"""A practice's page: content, related practices, collections, downloads, and who sees drafts."""

from __future__ import annotations

import pytest

from knowledge import services
from knowledge.models import CollectionItem, Status
from tests.conftest import client_for
from tests.knowledge.conftest import make_practice
from tests.knowledge.helpers import PDF, upload

pytestmark = pytest.mark.django_db


def test_a_published_practice_shows_its_content_and_sanitised_body(client, db):
    practice = make_practice(
        title="Sorting waste",
        body="**Bold** move\n\n<script>alert(1)</script>",
        themes=["eco-efficiency"],
    )

    response = client.get(practice.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "<strong>Bold</strong>" in html
    assert "<script>alert" not in html
    assert "/knowledge/?theme=eco-efficiency" in html


def test_the_page_shows_related_practices_and_its_collections(client, collection):
    practice = make_practice(themes=["eco-efficiency", "sme-growth"])
    close = make_practice(title="Close relative", themes=["eco-efficiency", "sme-growth"])
    far = make_practice(title="Far relative", themes=["eco-efficiency"])
    make_practice(title="Unrelated", themes=["supply-chain"])
    make_practice(title="Draft relative", themes=["eco-efficiency"], status=Status.DRAFT)
    CollectionItem.objects.create(collection=collection, practice=practice)

    response = client.get(practice.get_absolute_url())

    assert response.context["related"] == [close, far]
    assert list(response.context["collections"]) == [collection]
    assert "Starter kit" in response.content.decode()


# An archived practice is gone, not missing: tests/knowledge/test_withdrawn.py.
@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_unpublished_practices_are_not_found_by_visitors(client, bob_client, status):
    practice = make_practice(status=status)

    assert client.get(practice.get_absolute_url()).status_code == 404
    assert bob_client.get(practice.get_absolute_url()).status_code == 404


def test_staff_preview_an_unpublished_practice(staff):
    practice = make_practice(status=Status.DRAFT, title="Work in progress")

    response = client_for(staff).get(practice.get_absolute_url())

    assert response.status_code == 200
    assert "Preview for curators" in response.content.decode()


def test_a_missing_practice_is_not_found(client, db):
    assert client.get("/knowledge/p/no-such-practice/").status_code == 404


def test_attachments_download_under_a_neutral_name(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(title="With a file")
    attachment = services.attachment_add(practice=practice, upload=upload("../../etc/x.exe", PDF))

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="{practice.slug}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    assert attachment.file.name.startswith("knowledge/") and "etc" not in attachment.file.name
    assert "x.exe" in client.get(practice.get_absolute_url()).content.decode()


def test_attachments_of_unpublished_practices_are_not_found(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice = make_practice(status=Status.DRAFT)
    attachment = services.attachment_add(practice=practice, upload=upload("a.pdf", PDF))

    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get("/knowledge/attachments/nothing/").status_code == 404


def test_collections_list_and_page_show_published_practices_in_order(client, collection):
    first = make_practice(title="First")
    second = make_practice(title="Second")
    hidden = make_practice(title="Hidden draft", status=Status.DRAFT)
    CollectionItem.objects.create(collection=collection, practice=second, position=2)
    CollectionItem.objects.create(collection=collection, practice=first, position=1)
    CollectionItem.objects.create(collection=collection, practice=hidden, position=0)

    listing = client.get("/knowledge/collections/")
    page = client.get(collection.get_absolute_url())

    assert "Starter kit" in listing.content.decode()
    assert page.context["practices"] == [first, second]


def test_an_unpublished_collection_is_not_found(client, collection):
    collection.is_published = False
    collection.save()

    assert client.get(collection.get_absolute_url()).status_code == 404
    assert "Starter kit" not in client.get("/knowledge/collections/").content.decode()


def test_the_collection_list_keeps_a_constant_number_of_queries(client, db):
    from knowledge.models import Collection
    from tests.utils import queries_for

    for n in range(3):
        Collection.objects.create(slug=f"c{n}", title=f"C{n}", is_published=True)
    few = queries_for(client, "/knowledge/collections/")
    for n in range(3, 40):
        Collection.objects.create(slug=f"c{n}", title=f"C{n}", is_published=True)

    assert queries_for(client, "/knowledge/collections/") == few


def test_a_collection_page_keeps_a_constant_number_of_queries(client, collection):
    from tests.utils import queries_for

    for n in range(3):
        CollectionItem.objects.create(collection=collection, practice=make_practice(), position=n)
    few = queries_for(client, collection.get_absolute_url())
    for n in range(3, 60):
        CollectionItem.objects.create(collection=collection, practice=make_practice(), position=n)

    assert queries_for(client, collection.get_absolute_url()) == few
