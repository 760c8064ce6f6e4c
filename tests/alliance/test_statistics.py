import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from alliance import services
from alliance import statistics as st
from releases.models import Release
from releases.services import release_publish
from tests.alliance.factories import supporters
from tests.utils import queries_for, without_noise

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 15, 12, tzinfo=dt.UTC)


def _cells(table, keys=None):
    cells = {cell["key"]: (cell["state"], cell["value"]) for cell in table["cells"]}
    return cells if keys is None else {k: cells[k] for k in keys}


def exact(now=NOW):
    """The exact counts, suppressed as the release suppresses them: what is counted."""
    counts = st.statistics_counts(
        services.statistics_supporters(), keys=services.statistics_keys(now=now)
    )
    return st.statistics_tables(counts)


def test_single_small_country_is_suppressed_with_a_complementary_cell():
    supporters(12, country="BE")
    supporters(3, country="NL")
    supporters(30, country="FR")

    data = exact()

    assert _cells(data["country"], ["BE", "NL", "FR", "DE"]) == {
        "BE": ("hidden", None),
        "NL": ("small", None),
        "FR": ("shown", 30),
        "DE": ("shown", 0),
    }
    assert data["country"]["total"] == 45
    assert _cells(data["total"]) == {"all": ("shown", 45)}


def test_small_total_is_fewer_than_five():
    supporters(3)

    data = exact()

    assert data["total"]["cells"][0]["state"] == "small"
    assert data["total"]["cells"][0]["value"] is None
    assert data["country"]["total"] is None


def test_priority_areas_are_not_additive_and_show_every_area():
    supporters(6, themes=("eco-efficiency", "sme-growth"))
    supporters(2, themes=("eco-efficiency",))

    table = exact()["priority_area"]

    cells = _cells(table)
    assert len(cells) == 10
    assert cells["eco-efficiency"] == ("shown", 8)
    assert cells["sme-growth"] == ("shown", 6)
    assert cells["supply-chain"] == ("shown", 0)
    assert table["total"] is None


def test_size_classes_always_listed():
    supporters(7, size_class="micro")

    cells = _cells(exact()["size_class"])

    assert cells == {
        "micro": ("shown", 7),
        "small": ("shown", 0),
        "medium": ("shown", 0),
        "large": ("shown", 0),
    }


def test_monthly_trend_counts_todays_supporters_by_month_of_declaration():
    supporters(9, at=dt.datetime(2026, 9, 3, tzinfo=dt.UTC))
    supporters(2, at=dt.datetime(2026, 10, 3, tzinfo=dt.UTC))
    supporters(20, at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    supporters(5, at=dt.datetime(2023, 1, 3, tzinfo=dt.UTC))  # older than the 24 months shown

    trend = exact()["trend"]

    cells = _cells(trend)
    assert len(cells) == 24
    assert min(cells) == "2024-12" and max(cells) == "2026-11"
    assert cells["2026-10"] == ("small", None)
    assert cells["2026-09"] == ("hidden", None)  # else 31 - 20 - 9 would give October away
    assert cells["2026-11"] == ("shown", 20)
    assert cells["2026-08"] == ("shown", 0)
    assert trend["total"] == 31


def test_a_withdrawal_leaves_no_count_behind_in_any_table(alice, org_a):
    # One organisation touches one cell of each table at most once: the sensitivity the noise
    # is calibrated to (a declaration withdrawn and made again counts once).
    supporters(6, at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    before = exact()
    with time_machine.travel(NOW):
        declaration = services.support_declare(organisation=org_a, by=alice)
        services.support_withdraw(declaration=declaration, by=alice)

    assert exact() == before


def test_every_country_sector_and_month_has_a_cell_whatever_the_data():
    # A cell that appeared only once someone declared would itself tell.
    empty = exact()
    supporters(3, country="LU")

    assert [c["key"] for c in exact()["country"]["cells"]] == [
        c["key"] for c in empty["country"]["cells"]
    ]
    for table in ("country", "size_class", "sector", "priority_area", "trend"):
        assert len(empty[table]["cells"]) == len(exact()[table]["cells"])
    assert len(empty["sector"]["cells"]) > 20


def test_a_release_is_non_negative_and_its_parts_add_up_to_its_total():
    supporters(7, country="BE", themes=("eco-efficiency",))
    supporters(3, country="NL", size_class="large")
    keys = services.statistics_keys(now=NOW)
    counts = st.statistics_counts(services.statistics_supporters(), keys=keys)
    for _ in range(50):
        released = st.statistics_privatise(counts, epsilon=1.0, sensitivity=keys.sensitivity)
        total = released["total"]["all"]
        assert total >= 0
        for table in ("country", "size_class", "sector"):
            assert sum(released[table].values()) == total, table
        assert sum(released["trend"].values()) <= total
        for cells in released.values():
            assert all(isinstance(v, int) and v >= 0 for v in cells.values())
        assert set(released["priority_area"]) == set(counts["priority_area"])


def test_the_sensitivity_counts_every_cell_one_organisation_touches():
    keys = services.statistics_keys(now=NOW)
    one = st.Supporter(
        country="BE",
        size_class="small",
        sector="C",
        priority_areas=frozenset(keys.priority_areas),
        month=keys.months[-1],
    )
    counts = st.statistics_counts([one], keys=keys)

    touched = sum(sum(cells.values()) for cells in counts.values())
    assert touched == keys.sensitivity == 15


def test_the_scheduled_task_publishes_a_release_when_one_is_due(settings):
    from releases import tasks

    supporters(6)
    tasks.publish_due.apply()
    tasks.publish_due.apply()  # not due again for STATISTICS_RELEASE_DAYS
    assert Release.objects.filter(scope="alliance").count() == 1

    with time_machine.travel(dt.timedelta(days=settings.STATISTICS_RELEASE_DAYS, hours=1)):
        tasks.publish_due.apply()
    assert Release.objects.filter(scope="alliance").count() == 2


def test_page_and_json_show_the_latest_release_not_live_figures(client, monkeypatch):
    without_noise(monkeypatch)
    supporters(6, country="DE")
    release_publish()
    supporters(10, country="DE")  # not yet counted: figures change with the next release only

    page = client.get(reverse("alliance:statistics")).content.decode()
    data = client.get(reverse("alliance:statistics_json")).json()

    assert _cells(data["total"]) == {"all": ("shown", 6)}
    assert "Germany" in page
    assert "<svg" in page and "<table" in page


def test_the_page_states_the_release_cadence_from_the_settings(client, settings):
    settings.STATISTICS_RELEASE_DAYS = 3
    supporters(6)
    release_publish()

    page = client.get(reverse("alliance:statistics")).content.decode()

    assert "A new release is due every 3 days." in page
    assert "few minutes" not in page


def test_the_json_carries_the_release_date_its_epsilon_and_the_cells(client):
    supporters(6)
    release = release_publish()[0]

    data = client.get(reverse("alliance:statistics_json")).json()

    assert data["released_at"] == release.released_at.isoformat()
    assert data["epsilon"] == 1.0 and data["delta"] == 0.0
    assert data["country"]["cells"] and data["total"]["cells"]


def test_the_page_says_the_figures_are_approximate_with_date_and_epsilon(client):
    supporters(6)
    with time_machine.travel(NOW):
        release_publish()

    page = client.get(reverse("alliance:statistics")).content.decode()

    assert "approximate by design" in page
    assert "15 November 2026" in page
    assert "epsilon = 1.00" in page
    assert reverse("alliance:about_figures") in page
    about = client.get(reverse("alliance:about_figures"))
    assert about.status_code == 200
    assert "epsilon" in about.content.decode()


def test_page_says_fewer_than_five(client, monkeypatch):
    without_noise(monkeypatch)
    supporters(2)
    release_publish()

    page = client.get(reverse("alliance:statistics")).content.decode()

    assert "fewer than 5" in page


def test_before_the_first_computation(client):
    page = client.get(reverse("alliance:statistics"))
    data = client.get(reverse("alliance:statistics_json"))

    assert page.status_code == 200
    assert "No release of these figures has been published yet." in page.content.decode()
    assert "A release is due every 7 days." in page.content.decode()
    assert reverse("alliance:about_figures") in page.content.decode()
    assert data.status_code == 503


def test_statistics_page_queries_hold_as_supporters_grow(client):
    supporters(10)
    release_publish()
    few = queries_for(client, reverse("alliance:statistics"))
    supporters(190, country="FR", themes=("eco-efficiency",))
    release_publish()

    assert queries_for(client, reverse("alliance:statistics")) == few
    assert queries_for(client, reverse("alliance:statistics_json")) == 1
