"""Only aggregate, noisy figures of the quick scan leave the organisations, and only when the
operator turns that on."""

from __future__ import annotations

import pytest
from django.conf import settings as live_settings

from knowledge.scan import release
from releases.models import Release
from releases.services import release_plan, release_publish
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.knowledge.scan_helpers import completed_run, make_questionnaire

pytestmark = pytest.mark.django_db

POINTS = {"eco-efficiency": 3, "working-conditions": 1, "supply-chain": 0}


def _organisations_with_runs(count: int) -> None:
    questionnaire = make_questionnaire()
    for _ in range(count):
        organisation = OrganisationFactory()
        user = UserFactory()
        MembershipFactory(user=user, organisation=organisation)
        completed_run(organisation, questionnaire, points=POINTS, by=user)


def test_nothing_is_published_by_default():
    assert live_settings.QUICK_SCAN_PUBLISH_FIGURES is False
    _organisations_with_runs(6)
    assert not [scope for _, scope in release_plan() if scope.startswith("quick-scan")]
    release_publish()
    assert not Release.objects.filter(scope__startswith="quick-scan").exists()


def test_when_on_the_mean_scores_per_section_are_released_with_noise(settings):
    settings.QUICK_SCAN_PUBLISH_FIGURES = True
    settings.STATISTICS_EPSILON = 1000.0  # almost no noise, to check the figures
    settings.STATISTICS_EPSILON_PER_YEAR = 100000.0
    _organisations_with_runs(8)
    release_publish()
    published = Release.objects.get(scope="quick-scan:test-scan")
    sections = published.data["sections"]
    means = [cell["mean"] for cell in sections]
    assert [cell["state"] for cell in sections] == ["shown"] * 3
    assert means[0] >= 98 and 30 <= means[1] <= 37 and means[2] <= 2
    # No organisation, person or run is named.
    assert set(published.data) == {"questionnaire", "version", "sections", "noise_scale"}


def test_when_on_few_organisations_are_suppressed(settings):
    settings.QUICK_SCAN_PUBLISH_FIGURES = True
    _organisations_with_runs(1)
    data = release.compute(scope="quick-scan:test-scan", epsilon=1000.0, now=None)
    assert {cell["state"] for cell in data["sections"]} == {"small"}
    assert all(cell["mean"] is None for cell in data["sections"])
