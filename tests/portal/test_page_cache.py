"""The anonymous page cache (pagecache/): hits cost no query, changes show at once,
signed-in visitors and forms never meet a cached page, and Redis down changes nothing visible."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import messages
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

import pagecache
from config.cache import ResilientRedisCache
from forum import services as forum_services
from forum.models import Visibility
from releases.services import release_publish
from taxonomy.models import Theme
from tests.alliance.factories import supporters
from tests.conftest import client_for
from tests.forum.factories import BodyFactory, MeetingFactory
from tests.integration.conftest import free_port
from tests.knowledge.conftest import make_practice
from tests.utils import get_observed, page_stored, queries_for, without_noise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        body=BodyFactory(name="Cached forum"), visibility=Visibility.PUBLIC, title="First title"
    )


def _pages(meeting) -> list[str]:
    practice = make_practice(title="A cached practice", themes=["eco-efficiency"])
    return [
        reverse("home"),
        "/nl/",
        reverse("alliance:statistics"),
        reverse("alliance:coalitions"),
        meeting.body.get_absolute_url(),
        meeting.get_absolute_url(),
        practice.get_absolute_url(),
        reverse("knowledge:index") + "?q=practice&type=guide",
        reverse("forum:index"),
        reverse("commitments:index"),
    ]


def test_a_cached_page_is_served_without_a_query(meeting):
    release_publish()
    client = Client()
    for path in _pages(meeting):
        first = get_observed(client, path)
        assert first.status_code == 200, path
        assert not first.from_cache, path
        second = get_observed(client, path)
        assert second.status_code == 200
        assert second.from_cache, path
        assert second.content == first.content
        # The headers the inner middleware set come back too.
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert second["X-Frame-Options"] == "DENY"


def test_the_query_string_and_the_language_are_part_of_the_key(meeting):
    client = Client()
    english = client.get("/alliance/")
    dutch = client.get("/nl/alliance/")
    searched = client.get(reverse("knowledge:index") + "?q=energy")
    other = get_observed(client, reverse("knowledge:index") + "?q=water")

    assert '<html lang="nl">' in dutch.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert searched.content != other.content
    assert not other.from_cache


def test_a_change_through_a_service_shows_at_once(
    meeting, secretariat, django_capture_on_commit_callbacks
):
    client = Client()
    path = meeting.get_absolute_url()
    client.get(path)
    assert get_observed(client, path).from_cache

    meeting.body.members.create(user=secretariat, role="chair", constituency="facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.meeting_update(meeting=meeting, by=secretariat, title="Second title")

    again = get_observed(client, path)
    assert not again.from_cache
    assert "Second title" in again.content.decode()
    assert "First title" not in again.content.decode()


def test_statistics_change_with_a_release(django_capture_on_commit_callbacks, monkeypatch):
    without_noise(monkeypatch)
    client = Client()
    path = reverse("alliance:statistics")
    release_publish()
    before = client.get(path).content.decode()
    supporters(12)
    assert client.get(path).content.decode() == before  # nothing public changed yet

    with django_capture_on_commit_callbacks(execute=True):
        release_publish()

    after = client.get(path).content.decode()
    assert '<span class="figure">12' not in before
    assert '<span class="figure">12' in after


def test_a_change_in_the_admin_shows_at_once(staff, django_capture_on_commit_callbacks):
    client = Client()
    client.get(reverse("home"))
    assert get_observed(client, reverse("home")).from_cache
    theme = Theme.objects.get(slug="eco-efficiency")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            reverse("admin:taxonomy_theme_change", args=[theme.pk]),
            {
                "name_en": "Energy and resources",
                "name_nl": theme.name_nl,
                "name_fr": theme.name_fr,
                "name_de": theme.name_de,
                "slug": theme.slug,
                "position": theme.position,
                "description_en": theme.description_en,
                "description_nl": theme.description_nl,
                "description_fr": theme.description_fr,
                "description_de": theme.description_de,
                "source": theme.source,
            },
        )
    assert response.status_code == 302

    html = client.get(reverse("home")).content.decode()
    assert "Energy and resources" in html


def test_signed_in_visitors_never_get_a_cached_page(meeting, alice):
    anonymous = Client()
    path = meeting.get_absolute_url()
    anonymous.get(path)
    assert get_observed(anonymous, path).from_cache

    signed_in = get_observed(client_for(alice), path)

    assert not signed_in.from_cache
    assert "Sign out" in signed_in.content.decode()
    assert "csrfmiddlewaretoken" in signed_in.content.decode()


def test_pages_rendered_for_signed_in_visitors_are_notpage_stored(meeting, alice):
    path = meeting.get_absolute_url()
    client_for(alice).get(path)

    first_anonymous = get_observed(Client(), path)
    assert not first_anonymous.from_cache
    assert "Sign out" not in first_anonymous.content.decode()


def test_a_cached_page_carries_no_csrf_token_and_the_switcher_is_links(meeting):
    client = Client()
    for path in _pages(meeting):
        client.get(path)
        html = client.get(path).content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert f'action="{reverse("set_language")}"' not in html
        assert 'href="/language/nl/?next=' in html


def test_forms_are_never_cached():
    client = Client()
    login = reverse("account_login")
    client.get(login)
    again = client.get(login)

    assert not page_stored(login)
    assert "csrfmiddlewaretoken" in again.content.decode()
    assert again.cookies  # a fresh CSRF cookie: rendered, not replayed


def test_a_visitor_with_a_message_gets_a_fresh_page_and_nobody_else_sees_it(rf, meeting):
    # A message travels in a cookie: such a request is neither served from nor stored in the
    # cache, so the message never reaches another visitor.
    from django.contrib.messages.storage.cookie import CookieStorage

    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(messages.INFO, "Only for the first visitor")
    carrier = Client()
    from django.http import HttpResponse

    response = HttpResponse()
    storage.update(response)
    carrier.cookies["messages"] = response.cookies["messages"].value

    path = meeting.get_absolute_url()
    seen = get_observed(carrier, path)
    assert "Only for the first visitor" in seen.content.decode()
    assert not seen.from_cache

    other = Client().get(path)
    assert "Only for the first visitor" not in other.content.decode()


def test_a_visitor_with_a_session_is_not_served_from_the_cache(meeting):
    Client().get(meeting.get_absolute_url())
    client = Client()
    client.cookies["sessionid"] = "not-a-session"

    assert not get_observed(client, meeting.get_absolute_url()).from_cache


def _redis_down(settings, monkeypatch) -> None:
    """The cache points at a port where no Redis listens."""
    monkeypatch.setattr(ResilientRedisCache, "last_failure", 0.0)
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_pages_are_served_while_redis_is_down(settings, monkeypatch, meeting):
    _redis_down(settings, monkeypatch)
    client = Client()
    for _ in range(3):
        response = get_observed(client, meeting.get_absolute_url())
        assert response.status_code == 200
        assert "First title" in response.content.decode()
        assert not response.from_cache


def test_choosing_a_language_by_link_remembers_it_and_goes_to_the_page():
    response = Client().get(reverse("choose_language", args=["fr"]), {"next": "/alliance/?a=1"})

    assert response.status_code == 302
    assert response.url == "/fr/alliance/?a=1"
    assert response.cookies["django_language"].value == "fr"
    assert "no-store" in response["Cache-Control"]


def test_choosing_a_language_by_link_from_a_page_in_another_language():
    response = Client().get(reverse("choose_language", args=["fr"]), {"next": "/nl/alliance/"})

    assert response.status_code == 302
    assert response.url == "/fr/alliance/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_choosing_a_language_never_leaves_the_site(target):
    response = Client().get(reverse("choose_language", args=["de"]), {"next": target})

    assert response.status_code == 302
    assert response.url == "/de/"


def test_an_unknown_language_is_not_found():
    response = Client().get(reverse("choose_language", args=["xx"]), {"next": "/"})

    assert response.status_code == 404
    assert "django_language" not in response.cookies


def test_signed_in_visitors_share_fragments_that_change_with_the_content(
    alice, django_capture_on_commit_callbacks, monkeypatch
):
    # The statistics are the same for everyone: rendered once per release, not per visitor.
    without_noise(monkeypatch)
    client = client_for(alice)
    path = reverse("alliance:statistics")
    with django_capture_on_commit_callbacks(execute=True):
        release_publish()
    before = client.get(path).content.decode()
    supporters(12)

    with django_capture_on_commit_callbacks(execute=True):
        release_publish()
    after = client.get(path).content.decode()

    assert '<span class="figure">12' not in before
    assert '<span class="figure">12' in after
    assert "Sign out" in after


def test_the_home_pages_sections_are_shared_and_follow_the_priority_areas(
    alice, django_capture_on_commit_callbacks
):
    client = client_for(alice)
    Theme.objects.filter(slug="eco-efficiency").update(name_en="Eco-efficiency")
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed("taxonomy")
    client.get(reverse("home"))  # renders the sections once

    page = client.get(reverse("home")).content.decode()
    assert "Eco-efficiency" in page and "Sign out" in page
    assert queries_for(client, reverse("home")) == 1  # the user; the sections come rendered

    Theme.objects.filter(slug="eco-efficiency").update(name_en="Resource efficiency")
    assert "Resource efficiency" not in client.get(reverse("home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed("taxonomy")  # what the vocabularies' service or the admin does
    assert "Resource efficiency" in client.get(reverse("home")).content.decode()


def test_across_the_site_no_member_page_reaches_an_anonymous_visitor(
    bob, staff, django_capture_on_commit_callbacks
):
    # Every URL pattern, filled with a supporting organisation's objects: its admin visits
    # first (a page rendered for them must never be stored), then an anonymous visitor twice.
    from tests.catalogue import CANARY_NAMES, build_world, urls_of

    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(bob=bob, staff=staff)
    anonymous = Client()
    hits = []
    for name, path in urls_of(world, world.canary):
        if name.startswith("admin:") or name == "account_logout":
            continue
        world.member.get(path)
        first = anonymous.get(path)
        second = get_observed(anonymous, path)
        if not second.from_cache:
            continue
        hits.append(path)
        body = second.content.decode()
        assert second.content == first.content, path
        assert "csrfmiddlewaretoken" not in body, path
        assert "Sign out" not in body, path
        assert not any(canary in body for canary in CANARY_NAMES), path

    assert len(hits) >= 15, hits


# --- Values kept while their areas do not change (pagecache.remember) -------------------------


def _counting():
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    return compute


def test_a_remembered_value_is_computed_again_only_when_its_area_changes(
    django_capture_on_commit_callbacks,
):
    compute = _counting()
    assert pagecache.remember("test:value", ["knowledge"], compute) == 1
    assert pagecache.remember("test:value", ["knowledge"], compute) == 1

    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed("forum")
    assert pagecache.remember("test:value", ["knowledge"], compute) == 1

    with django_capture_on_commit_callbacks(execute=True):
        pagecache.changed("knowledge")
    assert pagecache.remember("test:value", ["knowledge"], compute) == 2


def test_a_new_version_of_the_code_never_reads_what_an_older_one_kept(settings, meeting):
    # A deploy: the old code kept a value of a shape the new code does not know, and a page.
    settings.CODE_VERSION = "old"
    assert pagecache.remember("test:parts", ["forum"], lambda: ("old", "shape")) == ("old", "shape")
    Client().get(meeting.get_absolute_url())
    assert page_stored(meeting.get_absolute_url())

    settings.CODE_VERSION = "new"
    assert pagecache.remember("test:parts", ["forum"], lambda: {"new": "shape"}) == {"new": "shape"}
    assert not page_stored(meeting.get_absolute_url())

    settings.CODE_VERSION = "old"  # what each version kept stays its own
    assert pagecache.remember("test:parts", ["forum"], lambda: "computed") == ("old", "shape")


def test_a_value_computed_while_its_area_changes_is_not_served_after_the_change(
    django_capture_on_commit_callbacks,
):
    def computed_during_a_change() -> str:
        # The change commits after the value was read but before it is stored.
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.changed("knowledge")
        return "old"

    assert pagecache.remember("test:race", ["knowledge"], computed_during_a_change) == "old"
    assert pagecache.remember("test:race", ["knowledge"], lambda: "new") == "new"


def test_remembering_is_off_with_the_page_cache_and_while_redis_is_down(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    compute = _counting()
    pagecache.remember("test:off", ["knowledge"], compute)
    assert pagecache.remember("test:off", ["knowledge"], compute) == 2

    settings.PAGE_CACHE_SECONDS = 300
    _redis_down(settings, monkeypatch)
    compute = _counting()
    assert [pagecache.remember("test:down", ["knowledge"], compute) for _ in range(3)] == [1, 2, 3]


# --- Areas: registered by the apps that own them -------------------------------------------------


def _view_showing(area: str):
    return pagecache.public_page(area)(lambda request: HttpResponse("page"))


def _service_writing(area: str):
    return pagecache.invalidates(area)(lambda: None)


@pytest.mark.parametrize(
    "use",
    [
        lambda: pagecache.changed("nothing"),
        lambda: _service_writing("nothing")(),
        lambda: pagecache.remember("test:bad", ["nothing"], lambda: 1),
        lambda: pagecache.version("nothing"),
        lambda: _view_showing("nothing")(RequestFactory().get("/")),
    ],
    ids=["changed", "invalidates", "remember", "version", "public_page"],
)
def test_an_unregistered_area_is_refused_by_the_one_check(use, monkeypatch):
    with pytest.raises(ValueError, match="Unknown page cache areas: \\['nothing'\\]"):
        use()
    # Every way in goes through the one check: once it knows the area, all of them accept it.
    monkeypatch.setattr(pagecache, "_areas", {*pagecache.areas(), "nothing"})
    use()


@pytest.mark.parametrize(
    ("app", "area"),
    [
        ("taxonomy", "taxonomy"),
        ("releases", "statistics"),
        ("alliance", "alliance"),
        ("forum", "forum"),
        ("knowledge", "knowledge"),
        ("commitments", "commitments"),
    ],
)
def test_an_area_is_known_because_its_app_registered_it(app, area, monkeypatch):
    monkeypatch.setattr(pagecache, "_areas", set())
    with pytest.raises(ValueError, match="Unknown page cache areas"):
        pagecache.changed(area)

    apps.get_app_config(app).ready()

    assert pagecache.areas() == {area}
    pagecache.changed(area)


def test_an_admin_write_renews_every_registered_area(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(pagecache, "_areas", {*pagecache.areas(), "newcomer"})
    before = {area: pagecache.version(area) for area in pagecache.areas()}
    theme = Theme.objects.get(slug="eco-efficiency")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            reverse("admin:taxonomy_theme_delete", args=[theme.pk]), {"post": "yes"}
        )
    assert response.status_code == 302

    after = {area: pagecache.version(area) for area in pagecache.areas()}
    assert set(before) >= {"taxonomy", "statistics", "alliance", "forum", "knowledge"}
    assert all(after[area] != before[area] for area in before), (before, after)


def test_signed_in_statistics_are_one_cache_read_per_language(
    alice, django_capture_on_commit_callbacks, monkeypatch
):
    # The figures are rendered once per release and language: a signed-in request reads the
    # session's user and nothing else, and each language keeps its own rendering.
    without_noise(monkeypatch)
    supporters(7)
    client = client_for(alice)
    with django_capture_on_commit_callbacks(execute=True):
        release_publish()
    english = reverse("alliance:statistics")
    dutch = "/nl" + english
    client.get(english)
    assert queries_for(client, english) == 1
    assert "organisations support the Alliance today" in client.get(english).content.decode()
    page = client.get(dutch).content.decode()
    assert "organisations support the Alliance today" not in page
    assert '<span class="figure">7' in page
