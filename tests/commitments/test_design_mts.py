"""DESIGN-MTS D4.1b is seeded exactly as published, with attribution, and the demo content
fills every chart."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from commitments import dashboard, demo, selectors
from commitments.models import Action, Framework, Pledge, ProgressReport
from knowledge.demo_data import PRACTICES as DEMO_PRACTICES
from knowledge.models import Status
from stats.suppression import State

pytestmark = pytest.mark.django_db

EXPECTED = [
    (
        1,
        "Raising awareness on CSR in MTS",
        [
            (
                1,
                "Dissemination of defined methods and strategies for information sharing and "
                "awareness-raising.",
                [],
            ),
            (2, "Dissemination of training courses developed.", []),
            (
                3,
                "Engage with key stakeholders identified through the project that can play the "
                "role of sector activators.",
                [
                    (
                        "a",
                        "Collaboration and engagement with MTS national associations and their "
                        "affiliates.",
                    ),
                    (
                        "b",
                        "Engage with MTS enterprises, including SMEs and enterprises in the MTS "
                        "value chain.",
                    ),
                    ("c", "Participate in strategic sectoral events."),
                ],
            ),
        ],
    ),
    (
        2,
        "Facilitating the implementation of a strategic approach to CSR in MTS",
        [
            (
                1,
                "Dissemination of guidelines developed and assistance in their implementation.",
                [],
            ),
            (2, "Focus on the needs of SMEs.", []),
            (
                3,
                "Cultivate the 'sustainable image' of MTS industry throughout the value chain.",
                [],
            ),
        ],
    ),
    (
        3,
        "Supporting a coordinated management of a CSR platform in MTS",
        [
            (
                1,
                "Disseminate strategies and measures for a coordinated management of the CSR "
                "multi-stakeholder platform.",
                [],
            ),
            (2, "Engage policy makers and disseminate recommendations.", []),
            (
                3,
                "Support monitoring of progresses of CSR diffusion and visibility in MTS through "
                "the DESIGN-MTS platform.",
                [],
            ),
        ],
    ),
]


def _structure(framework: Framework):
    return [
        (
            c.number,
            c.title,
            [
                (a.number, a.text, [(s.letter, s.text) for s in a.sub_items.order_by("letter")])
                for a in c.actions.order_by("number")
            ],
        )
        for c in framework.commitments.order_by("number")
    ]


def test_seed_demo_loads_design_mts_exactly_with_attribution():
    call_command("seed_demo", stdout=io.StringIO())

    framework = Framework.objects.get(slug="design-mts")
    assert _structure(framework) == EXPECTED
    assert framework.short_title == "DESIGN-MTS"
    assert framework.sector.code == "C28"
    assert "D4.1b" in framework.source
    assert "Aditya Jain" in framework.source
    assert "19 December 2014" in framework.source
    assert framework.is_published
    assert framework.coordinators.filter(email="secretariat@example.org").exists()


def test_seed_demo_is_idempotent():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Framework.objects.count(), Pledge.objects.count(), ProgressReport.objects.count())
    call_command("seed_demo", stdout=out)

    assert (
        Framework.objects.count(),
        Pledge.objects.count(),
        ProgressReport.objects.count(),
    ) == counts
    assert _structure(Framework.objects.get()) == EXPECTED


def test_demo_data_gives_every_chart_real_figures():
    call_command("seed_demo", stdout=io.StringIO())
    framework = Framework.objects.get(slug=demo.DESIGN_MTS_SLUG)
    # seed_demo publishes a release, so `make run` shows the dashboard at once.
    assert dashboard.released_figures(framework) is not None
    # What the release is computed from: every chart has figures to draw (the release adds
    # noise of scale 48 to them, tested in test_dashboard.py).
    figures = dashboard.figures_from_counts(
        framework, dashboard.dashboard_counts(framework, today=dt.date.today())
    )

    def shows(table) -> bool:
        return any(cell.state == State.SHOWN and cell.value for cell in table.cells)

    assert all(cell.state == State.SHOWN for cell in figures.pledged_per_action.cells)
    # Every chart has drawn bars; small cells are suppressed here and there, as they should be.
    showing = [code for code, table in figures.status_per_action.items() if shows(table)]
    assert len(showing) >= 6, showing
    assert all(shows(table) for table in figures.status_per_commitment.values())
    assert shows(figures.pledged_per_commitment)
    reviewed = [code for code, table in figures.trend.items() if table.total]
    assert reviewed and all(shows(figures.trend[code]) for code in reviewed)
    assert any(sme.smes for sme in figures.smes)


def test_the_demo_links_only_practices_of_the_demo_library():
    published = {r["id"]: r for r in DEMO_PRACTICES if r["status"] == "published"}
    codes = {f"{c}.{a}" for c, _title, actions in EXPECTED for a, _text, _subs in actions}

    assert set(demo.ACTION_PRACTICES) == codes  # every action has something to read
    for source_ids in demo.ACTION_PRACTICES.values():
        assert set(source_ids) <= set(published)


def test_the_demo_library_holds_the_project_outputs_per_audience():
    outputs = [r for r in DEMO_PRACTICES if r["id"].startswith("demo-mts-")]
    trainings = [r for r in outputs if r["type"] == "training"]

    assert any(r["type"] == "guide" and "MTS enterprises" in r["title"] for r in outputs)
    for audience in ("sme", "large-enterprise", "employee", "intermediary"):
        assert any(audience in r["audience"] for r in trainings), audience
    papers = [r["title"].lower() for r in outputs if r["type"] == "policy-paper"]
    assert any("position paper" in title for title in papers)
    assert any("recommendations" in title for title in papers)


def test_every_practice_a_demo_report_names_exists_and_is_linked():
    call_command("seed_demo", stdout=io.StringIO())
    framework = Framework.objects.get(slug=demo.DESIGN_MTS_SLUG)
    reports = ProgressReport.objects.filter(pledge__framework=framework).exclude(practices_used="")

    assert reports.exists()
    for report in reports.prefetch_related("practices"):
        lines = [line.strip() for line in report.practices_used.splitlines() if line.strip()]
        assert lines
        assert sorted(p.title for p in report.practices.all()) == sorted(lines), report
        assert selectors.unlinked_practices(report) == []
        assert all(p.status == Status.PUBLISHED for p in report.practices.all())
    for action in Action.objects.filter(commitment__framework=framework).in_order():
        assert selectors.practices_serving(action), action.code
