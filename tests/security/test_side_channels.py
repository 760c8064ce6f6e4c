"""No side channel tells of a private event: after a declaration, a change of priority areas,
joining a coalition, a private pledge and a withdrawal, every public page an anonymous visitor
sees is byte-identical and still served from the page cache, until a release is published."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alliance import services as alliance_services
from alliance.models import Coalition, Profile
from commitments import demo as commitments_demo
from commitments import services as commitments_services
from commitments.models import Action
from releases.services import release_publish
from taxonomy.models import Theme
from tests.alliance.factories import supporters
from tests.utils import get_observed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def _public_pages(framework, action, profile_slug) -> tuple[list[str], list[str]]:
    """(pages the page cache serves, figures served fresh from the latest release)."""
    cached = [
        reverse("home"),
        reverse("alliance:index"),
        reverse("alliance:statistics"),
        reverse("alliance:about_figures"),
        reverse("alliance:profiles"),
        reverse("alliance:profile", args=[profile_slug]),
        reverse("alliance:coalitions"),
        reverse("alliance:coalition", args=["eco-efficiency"]),
        reverse("alliance:priority_area", args=["eco-efficiency"]),
        reverse("commitments:index"),
        reverse("commitments:framework", args=[framework.slug]),
        action.get_absolute_url(),
        reverse("commitments:dashboard", args=[framework.slug]),
    ]
    fresh = [
        reverse("alliance:statistics_json"),
        reverse("commitments:dashboard_json", args=[framework.slug]),
        reverse("commitments:dashboard_csv", args=[framework.slug]),
    ]
    return cached, fresh


def test_private_events_change_no_public_page_until_a_release(
    alice, org_a, org_b, django_capture_on_commit_callbacks
):
    framework = commitments_demo.framework_load(coordinators=[])
    action = Action.objects.filter(commitment__framework=framework).in_order().first()
    theme = Theme.objects.get(slug="eco-efficiency")
    supporters(6, themes=("eco-efficiency",))
    with django_capture_on_commit_callbacks(execute=True):
        Profile.objects.create(organisation=org_b, strategy="Our strategy.", published=True)
        release_publish()
    cached, fresh = _public_pages(framework, action, org_b.slug)
    anonymous = Client()
    before = {}
    for path in cached + fresh:
        anonymous.get(path)
        response = get_observed(anonymous, path)
        assert response.status_code == 200, path
        assert response.from_cache == (path in cached), path
        before[path] = response.content

    with django_capture_on_commit_callbacks(execute=True):
        declaration = alliance_services.support_declare(
            organisation=org_a, by=alice, priority_areas=[theme]
        )
        alliance_services.support_change_priority_areas(
            declaration=declaration, by=alice, priority_areas=[]
        )
        alliance_services.coalition_join(
            coalition=Coalition.objects.get(theme=theme), organisation=org_a, by=alice
        )
        commitments_services.pledge_create(
            organisation=org_a,
            framework=framework,
            by=alice,
            targets=[commitments_services.Target(action=action)],
            target_date=timezone.localdate() + dt.timedelta(days=400),
            is_public=False,
        )
        alliance_services.support_withdraw(declaration=declaration, by=alice)

    for path in cached + fresh:
        response = get_observed(anonymous, path)
        assert response.content == before[path], path
        if path in cached:
            assert response.from_cache, path

    with django_capture_on_commit_callbacks(execute=True):
        release_publish()

    # Publishing is what renews the pages that show figures.
    for path in (
        reverse("alliance:statistics"),
        reverse("alliance:coalition", args=["eco-efficiency"]),
        reverse("commitments:dashboard", args=[framework.slug]),
    ):
        assert not get_observed(anonymous, path).from_cache, path


def test_no_header_tells_a_cached_page_from_a_fresh_one():
    release_publish()
    client = Client()
    path = reverse("alliance:statistics")
    fresh = get_observed(client, path)
    cached = get_observed(client, path)

    assert not fresh.from_cache and cached.from_cache
    assert sorted(cached.headers.items()) == sorted(fresh.headers.items())
    assert cached.content == fresh.content


def test_withdrawing_renews_the_organisations_own_published_profile_that_said_so(
    alice, org_a, django_capture_on_commit_callbacks
):
    # The one exception: the organisation's own public statement of support goes.
    with django_capture_on_commit_callbacks(execute=True):
        declaration = alliance_services.support_declare(organisation=org_a, by=alice)
        alliance_services.profile_save(
            organisation=org_a, by=alice, strategy="Ours.", states_support=True
        )
        alliance_services.profile_publish(organisation=org_a, by=alice, published=True)
    client = Client()
    path = reverse("alliance:profile", args=[org_a.slug])
    client.get(path)
    assert "support" in get_observed(client, path).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        alliance_services.support_withdraw(declaration=declaration, by=alice)

    again = get_observed(client, path)
    assert not again.from_cache


def test_across_the_site_no_page_an_anonymous_visitor_sees_tells_of_private_events(
    bob, staff, django_capture_on_commit_callbacks
):
    # Every URL pattern, filled from both sides of the catalogue: whatever an anonymous visitor
    # is served from the cache stays byte-identical and cached while the control organisation
    # declares, changes its priority areas, joins a coalition and withdraws.
    from tests.catalogue import build_world, urls_of

    with django_capture_on_commit_callbacks(execute=True):
        world = build_world(bob=bob, staff=staff)
    anonymous = Client()
    seen = {}
    for side in (world.canary, world.control):
        for name, path in urls_of(world, side):
            if name.startswith("admin:") or name == "account_logout":
                continue
            anonymous.get(path)
            response = get_observed(anonymous, path)
            if response.from_cache and response.status_code == 200:
                seen[path] = response.content
    assert len(seen) >= 15, seen.keys()

    control, admin = world.control.organisation, world.control.admin
    with django_capture_on_commit_callbacks(execute=True):
        declaration = alliance_services.support_declare(
            organisation=control, by=admin, priority_areas=[world.theme]
        )
        alliance_services.support_change_priority_areas(
            declaration=declaration, by=admin, priority_areas=[]
        )
        alliance_services.coalition_join(
            coalition=Coalition.objects.get(theme=world.theme), organisation=control, by=admin
        )
        alliance_services.support_withdraw(declaration=declaration, by=admin)

    for path, content in seen.items():
        response = get_observed(anonymous, path)
        assert response.from_cache, path
        assert response.content == content, path
