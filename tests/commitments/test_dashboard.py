"""The dashboard's figures: roll-up, suppression, empty periods, a commitment nobody pledged to,
the exports, the pages, and a constant number of queries as pledges and reports grow."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from accounts.models import OrganisationKind
from commitments import dashboard
from commitments.models import ReportState, Status
from commitments.services import framework_create
from releases.services import release_publish
from stats.suppression import State
from taxonomy.choices import Country
from tests.commitments.conftest import make_pledge, make_report, pledging_organisations
from tests.factories import OrganisationFactory
from tests.utils import queries_for, without_noise

pytestmark = pytest.mark.django_db

OUTLINE = """Commitment 1 – One
1. First.
2. Second.
Commitment 2 – Two
1. Third.
Commitment 3 – Three
1. Nobody pledges to this.
"""


@pytest.fixture
def small_framework(db):
    return framework_create(
        slug="small",
        title="A small framework",
        short_title="SMALL",
        source="Invented.",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
        outline=OUTLINE,
        is_published=True,
    )


def figures_for(framework):
    """The exact figures, suppressed as a release suppresses them: what is counted. A release
    adds noise to these counts (tested below and in tests/releases)."""
    counts = dashboard.dashboard_counts(framework, today=dt.date.today())
    return dashboard.figures_from_counts(framework, counts)


def _cells(table):
    return {cell.key: (str(cell.state), cell.value) for cell in table.cells}


def test_an_organisation_counts_once_per_action_at_its_furthest_status(small_framework):
    organisations = pledging_organisations(6)
    for organisation in organisations:
        make_pledge(organisation, small_framework, "1.1", status=Status.LIMITED)
    # The first organisation also pledged action 1.2 and got further there.
    make_pledge(organisations[0], small_framework, "1.2", status=Status.COMPLETE)

    figures = figures_for(small_framework)

    assert _cells(figures.pledged_per_action)["1.1"] == ("shown", 6)
    assert _cells(figures.pledged_per_action)["1.2"] == ("small", None)
    assert figures.pledged_per_action.total is None  # not additive: no total
    assert _cells(figures.status_per_action["1.1"])[Status.LIMITED] == ("shown", 6)
    # Roll-up: six organisations under commitment 1, the first one at "complete". Five are at
    # "limited"; with the total, 6 - 5 would give the small cell away, so "limited" and the
    # total are hidden, and so is the count of organisations pledged to the commitment.
    rollup = _cells(figures.status_per_commitment[1])
    assert rollup[Status.COMPLETE] == ("small", None)
    assert rollup[Status.LIMITED] == ("hidden", None)
    assert figures.status_per_commitment[1].total is None
    assert figures.status_per_commitment[1].total_state == State.HIDDEN
    assert _cells(figures.pledged_per_commitment)[1] == ("hidden", None)


def test_roll_up_takes_the_furthest_status_over_the_commitments_actions(small_framework):
    organisations = pledging_organisations(5)
    for organisation in organisations:
        make_pledge(organisation, small_framework, "1.1", status=Status.NOT_STARTED)
        make_pledge(organisation, small_framework, "1.2", status=Status.SUBSTANTIAL)

    rollup = figures_for(small_framework).status_per_commitment[1]

    assert _cells(rollup) == {
        Status.NO_EVIDENCE: ("shown", 0),
        Status.NOT_STARTED: ("shown", 0),
        Status.LIMITED: ("shown", 0),
        Status.SUBSTANTIAL: ("shown", 5),
        Status.COMPLETE: ("shown", 0),
    }
    assert rollup.total == 5


def test_sub_item_pledges_count_towards_their_action(framework):
    for organisation in pledging_organisations(5):
        make_pledge(organisation, framework, "1.3b", status=Status.LIMITED)

    figures = figures_for(framework)

    assert _cells(figures.pledged_per_action)["1.3"] == ("shown", 5)


def test_commitment_with_no_pledges_shows_zeros(small_framework):
    for organisation in pledging_organisations(5):
        make_pledge(organisation, small_framework, "1.1")

    figures = figures_for(small_framework)

    assert _cells(figures.pledged_per_commitment)[3] == ("shown", 0)
    assert figures.status_per_commitment[3].total == 0
    assert figures.status_per_commitment[3].total_state == State.SHOWN
    assert {state for state, _ in _cells(figures.status_per_commitment[3]).values()} == {"shown"}
    assert _cells(figures.status_per_action["3.1"])[Status.NO_EVIDENCE] == ("shown", 0)


def test_empty_framework_and_empty_periods(small_framework):
    figures = figures_for(small_framework)

    # 2025-H1 to 2026-H1 have started on the test's day (10 March 2026).
    assert list(figures.trend) == ["2025-H1", "2025-H2", "2026-H1"]
    for table in figures.trend.values():
        assert table.total == 0
        assert all(cell.value == 0 for cell in table.cells)
    assert [sme.smes for sme in figures.smes] == [0, 0, 0]
    assert figures.by_kind.total == 0
    # Every country has a cell whatever the data (a cell appearing would itself tell).
    assert len(figures.by_country.cells) == len(Country.values)
    assert all(cell.value == 0 for cell in figures.by_country.cells)


def test_trend_counts_accepted_reports_only_per_period(small_framework):
    organisations = pledging_organisations(5)
    for organisation in organisations:
        pledge = make_pledge(organisation, small_framework, "1.1")
        make_report(pledge, "2025-H1", status=Status.LIMITED, state=ReportState.ACCEPTED)
        make_report(pledge, "2025-H2", status=Status.SUBSTANTIAL, state=ReportState.SUBMITTED)

    trend = figures_for(small_framework).trend

    assert _cells(trend["2025-H1"])[Status.LIMITED] == ("shown", 5)
    assert trend["2025-H2"].total == 0  # submitted, not yet accepted
    assert trend["2026-H1"].total == 0


def test_a_small_period_hides_its_total(small_framework):
    pledge = make_pledge(OrganisationFactory(), small_framework, "2.1")
    make_report(pledge, "2025-H1", status=Status.LIMITED, state=ReportState.ACCEPTED)

    table = figures_for(small_framework).trend["2025-H1"]

    assert table.total is None
    assert table.total_state == State.SMALL
    assert _cells(table)[Status.LIMITED] == ("small", None)


def test_smes_reached_is_published_only_when_five_associations_reported(small_framework):
    associations = pledging_organisations(5, kind=OrganisationKind.ASSOCIATION)
    for n, organisation in enumerate(associations, start=1):
        pledge = make_pledge(organisation, small_framework, "1.1")
        make_report(pledge, "2025-H1", state=ReportState.ACCEPTED, smes_reached=10 * n)
        if n <= 2:
            make_report(pledge, "2025-H2", state=ReportState.ACCEPTED, smes_reached=7)

    smes = {sme.period: sme for sme in figures_for(small_framework).smes}

    assert smes["2025-H1"].smes == 150
    assert smes["2025-H1"].associations.value == 5
    assert smes["2025-H2"].smes is None  # two associations: their sum would give them away
    assert smes["2025-H2"].state == State.SMALL


def test_breakdowns_by_country_and_size_are_suppressed(small_framework):
    for organisation in pledging_organisations(6, country="DE", size_class="small"):
        make_pledge(organisation, small_framework, "1.1")
    make_pledge(OrganisationFactory(country="FR", size_class="large"), small_framework, "1.1")

    figures = figures_for(small_framework)

    assert _cells(figures.by_country)["FR"] == ("small", None)
    # 7 in all: showing Germany's 6 would give France's 1 away.
    assert _cells(figures.by_country)["DE"] == ("hidden", None)
    assert figures.by_country.total == 7
    assert _cells(figures.by_size)["large"] == ("small", None)
    assert _cells(figures.by_size)["small"] == ("hidden", None)


def test_breakdowns_of_the_same_organisations_publish_the_total_together(small_framework):
    # Five in Germany and one in France: the country breakdown cannot publish its total (6 = 5
    # + 1 would give France away). The kind breakdown (6 enterprises) must then not give the
    # total away either.
    for organisation in pledging_organisations(5, country="DE"):
        make_pledge(organisation, small_framework, "1.1")
    make_pledge(OrganisationFactory(country="FR"), small_framework, "1.1")

    figures = figures_for(small_framework)

    assert figures.by_country.total is None
    assert figures.by_kind.total is None
    assert figures.by_size.total is None
    assert _cells(figures.by_kind)[OrganisationKind.ENTERPRISE] == ("hidden", None)
    assert _cells(figures.by_size)["small"] == ("hidden", None)


def test_pledged_per_action_follows_the_status_breakdown(small_framework):
    for organisation in pledging_organisations(5):
        make_pledge(organisation, small_framework, "2.1", status=Status.LIMITED)
    make_pledge(OrganisationFactory(), small_framework, "2.1", status=Status.COMPLETE)

    figures = figures_for(small_framework)

    assert figures.status_per_action["2.1"].total is None
    assert _cells(figures.pledged_per_action)["2.1"] == ("hidden", None)


# --- Pages and exports -------------------------------------------------------------------------


def _fill(framework, n: int) -> None:
    for i, organisation in enumerate(pledging_organisations(n, country="BE")):
        for code in ("1.1", "1.2", "2.1"):
            pledge = make_pledge(organisation, framework, code, status=i % 5, is_public=i % 2 == 0)
            make_report(pledge, "2025-H1", status=i % 5, state=ReportState.ACCEPTED)
            make_report(pledge, "2025-H2", status=i % 5, state=ReportState.SUBMITTED)


def test_dashboard_page_shows_charts_with_tables(client, small_framework, monkeypatch):
    without_noise(monkeypatch)
    _fill(small_framework, 6)
    release_publish()

    page = client.get(reverse("commitments:dashboard", args=["small"]))
    html = page.content.decode()

    assert page.status_code == 200
    assert html.count('<figure class="chart') == 7
    assert html.count('role="img" aria-label="') == 7
    assert html.count("<caption") == 8
    # Every chart's table is folded away; only the SMEs table (no chart) stays open.
    assert html.count('<details class="figure-table">') == 7
    assert "fewer than 5" in html
    assert "approximate by design" in html


def test_json_and_csv_give_the_same_figures(client, small_framework, monkeypatch):
    without_noise(monkeypatch)
    _fill(small_framework, 6)
    release = release_publish()[-1]
    data = client.get(reverse("commitments:dashboard_json", args=["small"])).json()
    response = client.get(reverse("commitments:dashboard_csv", args=["small"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    by_key = {(r["figure"], r["group"], r["key"]): (r["state"], r["value"]) for r in rows}
    for cell in data["pledged_per_action"]["cells"]:
        expected = (cell["state"], "" if cell["value"] is None else str(cell["value"]))
        assert by_key[("pledged_per_action", "", cell["key"])] == expected
    for number, table in data["status_per_commitment"].items():
        for cell in table["cells"]:
            expected = (cell["state"], "" if cell["value"] is None else str(cell["value"]))
            assert by_key[("status_per_commitment", number, str(cell["key"]))] == expected
    assert data["organisations_by_country"]["total"] == 6
    assert data["released_at"] == release.released_at.isoformat()
    assert data["epsilon"] == release.epsilon == 1.0
    assert by_key[("release", "", "epsilon")] == ("shown", "1.0")


def test_a_private_pledge_changes_nothing_public_until_the_next_release(
    client, small_framework, monkeypatch
):
    without_noise(monkeypatch)
    _fill(small_framework, 6)
    release_publish()
    urls = [
        reverse(f"commitments:{name}", args=["small"])
        for name in ("dashboard", "dashboard_json", "dashboard_csv", "framework")
    ]
    urls.append(reverse("commitments:action", args=["small", "3.1"]))
    before = [client.get(url).content for url in urls]

    for organisation in pledging_organisations(6, country="FR"):
        make_pledge(organisation, small_framework, "3.1")

    assert [client.get(url).content for url in urls] == before
    release_publish()
    after = client.get(reverse("commitments:dashboard_json", args=["small"])).json()
    assert after["pledged_per_action"]["cells"][-1]["value"] == 6


def test_before_the_first_release_the_dashboard_says_so(client, small_framework):
    _fill(small_framework, 6)

    page = client.get(reverse("commitments:dashboard", args=["small"]))
    assert page.status_code == 200
    assert "No release of these figures has been published yet." in page.content.decode()
    for name in ("dashboard_json", "dashboard_csv"):
        assert client.get(reverse(f"commitments:{name}", args=["small"])).status_code == 503


def test_smes_reached_clamps_each_associations_contribution(small_framework):
    associations = pledging_organisations(5, kind=OrganisationKind.ASSOCIATION)
    for organisation in associations:
        pledge = make_pledge(organisation, small_framework, "1.1")
        make_report(pledge, "2025-H1", state=ReportState.ACCEPTED, smes_reached=1_000_000)

    counts = dashboard.dashboard_counts(small_framework, today=dt.date.today())

    assert counts["smes_reached"]["2025-H1"] == 5 * dashboard.SMES_PER_ASSOCIATION_BOUND
    cells, smes = dashboard.dashboard_sensitivity(counts)
    periods = len(counts["trend"])
    # One status cell per action, per commitment and per period, one associations cell per
    # period, and the total, kind, country and size.
    assert cells == 4 + 3 + 2 * periods + 4
    assert smes == periods * dashboard.SMES_PER_ASSOCIATION_BOUND


def test_released_counts_are_noisy_non_negative_and_consistent(small_framework):
    _fill(small_framework, 6)
    counts = dashboard.dashboard_counts(small_framework, today=dt.date.today())
    released = [dashboard.dashboard_privatise(counts, epsilon=1.0) for _ in range(20)]

    assert any(r["status_per_action"] != counts["status_per_action"] for r in released)
    for r in released:
        total = r["organisations"]["all"]
        for table in ("by_kind", "by_country", "by_size"):
            assert sum(r[table].values()) == total
        for cells in r["status_per_action"].values():
            assert all(v >= 0 for v in cells.values())


def test_no_export_names_a_private_pledger(client, small_framework):
    private = OrganisationFactory(name="Secretive Spindles")
    public = OrganisationFactory(name="Open Lathes")
    make_pledge(private, small_framework, "1.1")
    make_pledge(public, small_framework, "1.1", is_public=True)
    release_publish()

    for name in ("dashboard", "dashboard_json", "dashboard_csv", "framework"):
        body = client.get(reverse(f"commitments:{name}", args=["small"])).content.decode()
        assert "Secretive Spindles" not in body
        assert "Open Lathes" not in body  # aggregates name nobody, public or not


def test_unpublished_framework_is_not_found(client, small_framework):
    small_framework.is_published = False
    small_framework.save(update_fields=["is_published"])

    for name in ("framework", "dashboard", "dashboard_json", "dashboard_csv"):
        assert client.get(reverse(f"commitments:{name}", args=["small"])).status_code == 404


@pytest.mark.parametrize("name", ["dashboard", "dashboard_json", "dashboard_csv", "framework"])
def test_dashboard_and_framework_queries_stay_constant(client, small_framework, name):
    url = reverse(f"commitments:{name}", args=["small"])
    _fill(small_framework, 2)
    release_publish()
    few = queries_for(client, url)
    _fill(small_framework, 12)
    release_publish()
    many = queries_for(client, url)

    assert few == many


def test_the_dashboard_is_built_once_per_release_and_language(
    alice_client, small_framework, monkeypatch, settings, django_capture_on_commit_callbacks
):
    # Signed in: an anonymous visitor's page would come whole from the page cache.
    client = alice_client
    without_noise(monkeypatch)
    _fill(small_framework, 6)
    with django_capture_on_commit_callbacks(execute=True):
        release_publish()
    settings.PAGE_CACHE_SECONDS = 300
    url = reverse("commitments:dashboard", args=["small"])
    first = queries_for(client, url)
    assert "pledged: <strong>6</strong>" in client.get(url).content.decode()

    # The framework, the release and the framework's structure come from the shared cache:
    # what is left is the session's user.
    assert queries_for(client, url) == 1

    for organisation in pledging_organisations(6, country="FR"):
        make_pledge(organisation, small_framework, "3.1")
    with django_capture_on_commit_callbacks(execute=True):
        release_publish()
    assert queries_for(client, url) == first
    assert "pledged: <strong>12</strong>" in client.get(url).content.decode()
