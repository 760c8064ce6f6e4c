import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership, Organisation, User
from alliance.models import ActivityArea, Profile
from releases.models import Release
from taxonomy.models import Iso26000Subject, Sector, Theme

pytestmark = pytest.mark.django_db


def test_vocabularies_are_loaded_by_migrations():
    assert list(Theme.objects.values_list("slug", flat=True)) == [
        "sustainable-innovation",
        "sme-growth",
        "supply-chain",
        "skills-employability",
        "diversity-equal-opportunities",
        "working-conditions",
        "eco-efficiency",
        "stakeholder-engagement",
        "transparency-reporting",
        "responsible-international-operations",
    ]
    assert Iso26000Subject.objects.count() == 7
    assert Sector.objects.filter(code="C28").exists()
    assert ActivityArea.objects.count() == 3


def test_home_says_what_the_portal_is_for(client):
    page = client.get(reverse("home"))

    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en">' in html
    assert 'href="#main"' in html
    for section in ("alliance:index", "knowledge:index", "forum:index", "commitments:index"):
        assert f'href="{reverse(section)}"' in html
    assert "Eco-efficiency and energy savings" in html


def test_alliance_page_lists_activity_and_priority_areas(client):
    html = client.get(reverse("alliance:index")).content.decode()

    assert "Ensuring an enabling environment for CSR" in html
    assert "Responsible operations outside the EU" in html
    assert 'aria-current="page"' in html


@pytest.mark.parametrize("name", ["knowledge:index", "forum:index", "commitments:index"])
def test_section_pages_answer(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_health_reports_database_cache_and_broker(client):
    response = client.get(reverse("health"), {"format": "json"})

    assert response.status_code == 200
    assert {key.split("(")[0] for key in response.json()} == {"Database", "Cache", "Broker"}
    assert set(response.json().values()) == {"OK"}


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert "alice@example.org" in first
    assert "alice@example.org" not in second
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )
    assert counts[1] >= 2
    alice = User.objects.get(email="alice@example.org")
    assert alice.emailaddress_set.get().verified
    password = next(line.split()[1] for line in first.splitlines() if "alice@example.org" in line)
    assert alice.check_password(password)


def test_seed_demo_gives_the_alliance_real_charts(client):
    call_command("seed_demo")

    stats = Release.objects.latest_of("alliance").data
    # About 150 supporters, with noise of scale 15 (sensitivity 15, epsilon 1).
    assert stats["total"]["cells"][0]["value"] >= 60
    # Size has four classes, and the two rarest in the demo (medium, large: about 27 and 14)
    # fall under the small-cell threshold after noise about one time in three, taking a
    # complementary cell with them; the two common ones (about 55 each) stay shown.
    at_least = {"country": 3, "size_class": 2, "sector": 3, "priority_area": 3, "trend": 3}
    for dimension, least in at_least.items():
        shown = [c for c in stats[dimension]["cells"] if c["state"] == "shown" and c["value"]]
        assert len(shown) >= least, dimension
    assert Profile.objects.published().count() >= 2
    page = client.get(reverse("alliance:statistics")).content.decode()
    assert page.count('<figure class="chart') == 5


def test_not_found_page_uses_the_portal_layout(client):
    response = client.get("/no/such/page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert 'class="site-header"' in html
