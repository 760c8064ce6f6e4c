import pytest

from tests.alliance.canary import CANARY_NAMES, CANARY_STATEMENT, scan

pytestmark = pytest.mark.django_db


def test_no_url_lists_supporters(world):
    problems, requests = scan(world)

    assert problems == []
    assert requests > 300  # every pattern, three viewers, canary and control


def test_the_canary_is_visible_to_its_own_members(world):
    # Without this the scan could pass because the names are never rendered at all.
    slug = world.canary.organisation.slug
    org_page = world.member.get(f"/organisations/{slug}/").content.decode()
    support_page = world.member.get(f"/alliance/organisations/{slug}/support/").content.decode()

    assert CANARY_NAMES[0] in org_page
    assert CANARY_STATEMENT in support_page


def test_a_deliberately_leaking_view_is_caught(world, settings):
    settings.ROOT_URLCONF = "tests.alliance.leaky_urls"

    problems, _ = scan(world)

    assert problems
    assert all("/leak/" in problem for problem in problems)
    assert any("anonymous at /leak/supporters/: shows a canary's name" in p for p in problems)
    assert any("anonymous at /leak/slugs/: shows a canary's name" in p for p in problems)
    assert any("anonymous at /leak/broken/: answers 500" in p for p in problems)
    # Added without a row in the permissions table, so the matrix has no answer for them.
    assert any("at /leak/supporters/: no row in the permissions matrix" in p for p in problems)
