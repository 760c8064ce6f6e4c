import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from alliance import services, tasks
from alliance.models import StatisticsSnapshot
from tests.alliance.factories import supporters
from tests.utils import queries_for

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 15, 12, tzinfo=dt.UTC)


def _cells(table):
    return {cell["key"]: (cell["state"], cell["value"]) for cell in table["cells"]}


def test_single_small_country_is_suppressed_with_a_complementary_cell():
    supporters(12, country="BE")
    supporters(3, country="NL")
    supporters(30, country="FR")

    data = services.statistics_compute(now=NOW)

    assert _cells(data["country"]) == {
        "BE": ("hidden", None),
        "NL": ("small", None),
        "FR": ("shown", 30),
    }
    assert data["country"]["total"] == 45
    assert _cells(data["total"]) == {"all": ("shown", 45)}


def test_small_total_is_fewer_than_five():
    supporters(3)

    data = services.statistics_compute(now=NOW)

    assert data["total"]["cells"][0]["state"] == "small"
    assert data["total"]["cells"][0]["value"] is None
    assert data["country"]["total"] is None


def test_priority_areas_are_not_additive_and_show_every_area():
    supporters(6, themes=("eco-efficiency", "sme-growth"))
    supporters(2, themes=("eco-efficiency",))

    table = services.statistics_compute(now=NOW)["priority_area"]

    cells = _cells(table)
    assert len(cells) == 10
    assert cells["eco-efficiency"] == ("shown", 8)
    assert cells["sme-growth"] == ("shown", 6)
    assert cells["supply-chain"] == ("shown", 0)
    assert table["total"] is None


def test_size_classes_always_listed():
    supporters(7, size_class="micro")

    cells = _cells(services.statistics_compute(now=NOW)["size_class"])

    assert cells == {
        "micro": ("shown", 7),
        "small": ("shown", 0),
        "medium": ("shown", 0),
        "large": ("shown", 0),
    }


def test_monthly_trend_suppresses_small_months_and_their_complements():
    supporters(9, at=dt.datetime(2026, 9, 3, tzinfo=dt.UTC))
    supporters(2, at=dt.datetime(2026, 10, 3, tzinfo=dt.UTC))
    supporters(20, at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC))
    supporters(5, at=dt.datetime(2023, 1, 3, tzinfo=dt.UTC))  # older than the 24 months shown

    trend = services.statistics_compute(now=NOW)["trend"]

    cells = _cells(trend)
    assert len(cells) == 24
    assert min(cells) == "2024-12" and max(cells) == "2026-11"
    assert cells["2026-10"] == ("small", None)
    assert cells["2026-09"] == ("hidden", None)  # else 31 - 20 - 9 would give October away
    assert cells["2026-11"] == ("shown", 20)
    assert cells["2026-08"] == ("shown", 0)
    assert trend["total"] == 31


def test_withdrawal_leaves_the_trend_but_lowers_the_total(alice, org_a):
    supporters(6, at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with time_machine.travel(NOW):
        declaration = services.support_declare(organisation=org_a, by=alice)
        services.support_withdraw(declaration=declaration, by=alice)

    data = services.statistics_compute(now=NOW)

    assert _cells(data["trend"])["2026-11"] == ("shown", 7)
    assert _cells(data["total"]) == {"all": ("shown", 6)}


def test_the_scheduled_task_stores_a_snapshot_and_keeps_only_recent_ones():
    supporters(6)
    for _ in range(services.SNAPSHOTS_KEPT + 3):
        tasks.refresh_statistics.apply()

    assert StatisticsSnapshot.objects.count() == services.SNAPSHOTS_KEPT


def test_page_and_json_show_the_snapshot_not_live_figures(client):
    supporters(6, country="DE")
    services.statistics_refresh()
    supporters(10, country="DE")  # not yet counted: figures change on the schedule only

    page = client.get(reverse("alliance:statistics")).content.decode()
    data = client.get(reverse("alliance:statistics_json")).json()

    assert _cells(data["total"]) == {"all": ("shown", 6)}
    assert "Germany" in page
    assert "<svg" in page and "<table" in page


def test_page_says_fewer_than_five(client):
    supporters(2)
    services.statistics_refresh()

    page = client.get(reverse("alliance:statistics")).content.decode()

    assert "fewer than 5" in page


def test_before_the_first_computation(client):
    page = client.get(reverse("alliance:statistics"))
    data = client.get(reverse("alliance:statistics_json"))

    assert page.status_code == 200
    assert "being prepared" in page.content.decode()
    assert data.status_code == 503


def test_statistics_page_queries_hold_as_supporters_grow(client):
    supporters(10)
    services.statistics_refresh()
    few = queries_for(client, reverse("alliance:statistics"))
    supporters(190, country="FR", themes=("eco-efficiency",))
    services.statistics_refresh()

    assert queries_for(client, reverse("alliance:statistics")) == few
    assert queries_for(client, reverse("alliance:statistics_json")) == 1
