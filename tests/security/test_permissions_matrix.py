"""The permissions matrix: every URL pattern of the site, filled with real objects by
tests/catalogue.py, requested by six viewers with GET, POST and PUT/PATCH/DELETE, each answer
compared with tests/security/permissions_table.py. The world is built once for the whole sweep.

Each request runs in a savepoint that is rolled back afterwards, with the viewer's cookies and
the cache (sessions, rate limits) put back as they were: a POST that withdraws, removes or signs
out changes nothing for the requests after it, so every row is decided on the same world.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import User
from tests.catalogue import UNNAMED_ALLOWED, World, build_world, kwargs_for, url_patterns
from tests.conftest import sign_in_with_second_factor
from tests.security.permissions import expected, missing_rows, outcome, row_key
from tests.security.permissions_table import METHODS, TABLE, VIEWERS
from tests.security.permissions_table import row as table_row

pytestmark = pytest.mark.django_db

UNSAFE_OTHERS = tuple(method for method in METHODS if method not in ("GET", "POST"))


@dataclass
class Row:
    key: str
    name: str
    kwargs: dict
    path: str


def _named_patterns() -> list[str]:
    return sorted({name for name, _ in url_patterns() if name is not None})


def rows(world: World) -> Iterator[Row]:
    """Every named URL pattern, filled from the canary side (alice's organisation)."""
    for name, params in url_patterns():
        if name is None:
            assert params in UNNAMED_ALLOWED, f"unnamed URL pattern with {params}: name it"
            continue
        fills = kwargs_for(name, params, world.canary, world)
        for index, kwargs in enumerate(fills):
            key = row_key(name, index, len(fills))
            yield Row(key, name, kwargs, reverse(name, kwargs=kwargs))


def viewers_for(world: World, *, charlie: User, bob: User, secretariat: User, staff: User):
    clients = {"anonymous": Client()}
    people = {
        "charlie": charlie,
        "alice": world.canary.admin,
        "bob": bob,
        "secretariat": secretariat,
    }
    for viewer, user in people.items():
        clients[viewer] = Client()
        clients[viewer].force_login(user)
    clients["staff"] = sign_in_with_second_factor(staff)
    assert list(clients) == list(VIEWERS)
    return clients


def _clear_cache() -> None:
    client = cache._cache.get_client(write=True)
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


class Sweeper:
    """Makes one request at a time and puts everything back afterwards."""

    def __init__(self, clients: dict[str, Client]) -> None:
        self.clients = clients
        self.cookies = {viewer: copy.deepcopy(c.cookies) for viewer, c in clients.items()}
        self.requests = 0

    def answer(self, viewer: str, method: str, path: str) -> str:
        client = self.clients[viewer]
        savepoint = transaction.savepoint()
        try:
            response = getattr(client, method.lower())(path)
        finally:
            transaction.savepoint_rollback(savepoint)
            client.cookies = copy.deepcopy(self.cookies[viewer])
        self.requests += 1
        return outcome(response)


def methods_for(row_number: int, viewer_index: int) -> tuple[str, ...]:
    """GET and POST, and one of PUT, PATCH and DELETE in turn.

    The three are refused or accepted alike by every view here (require_http_methods, Django's
    generic views), so each row tries each of them with two of the six viewers, and across rows
    every viewer meets all three: a third of the requests for the same decisions.
    """
    other = UNSAFE_OTHERS[(row_number + viewer_index) % len(UNSAFE_OTHERS)]
    return ("GET", "POST", other)


def sweep(rows: Iterable[Row], clients: dict[str, Client]) -> tuple[list[str], Sweeper]:
    problems: list[str] = []
    sweeper = Sweeper(clients)
    for number, row in enumerate(rows):
        expect = expected(row.key, row.name)
        if expect is None:
            problems.append(f"{row.key} ({row.path}): no row in the table")
            continue
        for index, viewer in enumerate(VIEWERS):
            for method in methods_for(number, index):
                got = sweeper.answer(viewer, method, row.path)
                want = expect[method][index]
                if got != want:
                    problems.append(
                        f"{method} {row.path} ({row.key}) as {viewer}: {got}, expected {want}"
                    )
            # Sessions changed in the rolled-back requests, and rate limits: all viewers share
            # one address, and a row must not depend on the sign-in attempts of the one before.
            _clear_cache()
    return problems, sweeper


def _scheduler_rows() -> None:
    """One of each of Celery beat's admin models, which the catalogue leaves empty (the
    portal's own schedule lives in settings), so that their change pages are requested too."""
    interval = IntervalSchedule.objects.create(every=10, period=IntervalSchedule.MINUTES)
    CrontabSchedule.objects.create(minute="0", hour="4")
    SolarSchedule.objects.create(event="sunrise", latitude=50.85, longitude=4.35)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="Matrix task", task="matrix.task", interval=interval)


@pytest.fixture
def world(bob, staff, django_capture_on_commit_callbacks) -> World:
    with django_capture_on_commit_callbacks(execute=True):
        made = build_world(bob=bob, staff=staff)
    _scheduler_rows()
    return made


def test_every_url_pattern_has_a_row():
    assert missing_rows(_named_patterns()) == []


def test_a_url_without_a_row_fails_the_suite(settings):
    settings.ROOT_URLCONF = "tests.alliance.leaky_urls"

    assert missing_rows(_named_patterns()) == [
        f"URL pattern {name} has no row in tests/security/permissions_table.py"
        for name in ("leak", "leak_broken", "leak_slugs")
    ]


def test_a_wrong_answer_names_the_url_viewer_and_method(
    settings, monkeypatch, alice, bob, charlie, secretariat, staff
):
    # A page anyone signed in may read, where the table says only alice may.
    settings.ROOT_URLCONF = "tests.alliance.leaky_urls"
    only_alice = "login 404 200 404 404 404"
    monkeypatch.setitem(TABLE, "leak", table_row(GET=only_alice, POST=only_alice, other=only_alice))
    clients = {"anonymous": Client()}
    for viewer, user in zip(VIEWERS[1:], (charlie, alice, bob, secretariat, staff), strict=True):
        clients[viewer] = Client()
        clients[viewer].force_login(user)

    problems, _ = sweep([Row("leak", "leak", {}, "/leak/supporters/")], clients)

    assert "GET /leak/supporters/ (leak) as anonymous: 200, expected login" in problems
    assert "GET /leak/supporters/ (leak) as bob: 200, expected 404" in problems
    assert not any(" as alice:" in problem for problem in problems)


def dutch_problems(world: World) -> tuple[list[str], int]:
    """The same views behind /nl/…: anonymous visitors get the answer the English address gives
    them (a sign-in redirect in Dutch counts as a sign-in redirect)."""
    sweeper = Sweeper({"anonymous": Client()})
    problems = []
    for row in rows(world):
        with translation.override("nl"):
            dutch = reverse(row.name, kwargs=row.kwargs)
        if not dutch.startswith("/nl/"):
            continue
        want = expected(row.key, row.name)["GET"][0]
        got = sweeper.answer("anonymous", "GET", dutch)
        if got != want:
            problems.append(f"GET {dutch} ({row.key}) as anonymous: {got}, expected {want}")
    return problems, sweeper.requests


def test_every_viewer_gets_the_expected_answer_everywhere(world, charlie, bob, secretariat, staff):
    clients = viewers_for(world, charlie=charlie, bob=bob, secretariat=secretariat, staff=staff)

    problems, sweeper = sweep(rows(world), clients)
    in_dutch, dutch_requests = dutch_problems(world)

    assert problems == []
    assert in_dutch == []
    unfilled = set(_named_patterns()) - {row.name for row in rows(world)}
    assert unfilled == set(), "the catalogue made nothing to fill these with"
    assert sweeper.requests == len(list(rows(world))) * len(VIEWERS) * 3
    assert dutch_requests > 100
