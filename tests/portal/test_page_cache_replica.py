"""The page cache beside a read replica: for PAGE_CACHE_SETTLE_SECONDS after an area changes,
nothing of it is stored, since a page rendered then may come from a replica that has not yet
replayed the change (it would stay in the cache under the new generation)."""

from __future__ import annotations

import time

import pytest
from django.test import Client

import pagecache
from forum.models import Visibility
from tests.forum.factories import BodyFactory, MeetingFactory
from tests.utils import get_observed, page_stored

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_with_a_replica(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_SETTLE_SECONDS = 1


def _changed(area: str, capture) -> None:
    with capture(execute=True):
        pagecache.changed(area)


def test_a_page_whose_area_just_changed_is_stored_only_once_it_settled(
    django_capture_on_commit_callbacks,
):
    meeting = MeetingFactory(body=BodyFactory(), visibility=Visibility.PUBLIC, title="Settled")
    path = meeting.get_absolute_url()
    _changed("forum", django_capture_on_commit_callbacks)

    assert Client().get(path).status_code == 200
    assert not page_stored(path)

    time.sleep(1.2)
    Client().get(path)
    assert page_stored(path)
    assert get_observed(Client(), path).from_cache
    # Another area's change leaves it alone.
    _changed("commitments", django_capture_on_commit_callbacks)
    assert get_observed(Client(), path).from_cache


def test_values_and_fragments_wait_for_their_area_to_settle(django_capture_on_commit_callbacks):
    _changed("knowledge", django_capture_on_commit_callbacks)
    computed = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    assert pagecache.remember("test:settle", ["knowledge"], compute) == 1
    assert pagecache.remember("test:settle", ["knowledge"], compute) == 2
    assert pagecache.version("knowledge").startswith("off-")

    time.sleep(1.2)
    assert pagecache.remember("test:settle", ["knowledge"], compute) == 3
    assert pagecache.remember("test:settle", ["knowledge"], compute) == 3
    assert not pagecache.version("knowledge").startswith("off-")


def test_without_a_replica_nothing_waits(settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SETTLE_SECONDS = 0
    _changed("knowledge", django_capture_on_commit_callbacks)
    assert pagecache.remember("test:no-settle", ["knowledge"], lambda: 1) == 1
    assert pagecache.remember("test:no-settle", ["knowledge"], lambda: 2) == 1
