"""DESIGN-MTS D4.1b is seeded exactly as published, with attribution, and the demo content
fills every chart."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from commitments import dashboard, demo
from commitments.models import Framework, Pledge, ProgressReport
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
