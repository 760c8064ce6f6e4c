"""What of the quick scan may leave the organisations: the mean score per section of the
current questionnaire over each organisation's latest completed run, with differential-privacy
noise, and only when the operator sets ``QUICK_SCAN_PUBLISH_FIGURES`` (off by default).

Each organisation adds 1 to every section's count and at most 100 to its sum, so the counts
have L1 sensitivity = the number of sections and the sums 100 times that; half the epsilon goes
to each. A section with a noisy count below the suppression threshold is not shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max

from knowledge.scan.models import Questionnaire, Run
from stats import privacy
from stats.suppression import THRESHOLD

SCOPE_PREFIX = "quick-scan"
MAX_SCORE = 100


def scopes() -> list[str]:
    if not settings.QUICK_SCAN_PUBLISH_FIGURES:
        return []
    keys = Questionnaire.objects.published().order_by("key").values_list("key", flat=True)
    return [f"{SCOPE_PREFIX}:{key}" for key in keys]


def _latest_scores(questionnaire: Questionnaire) -> list[dict[str, int]]:
    latest = (
        Run.objects.completed()
        .filter(questionnaire=questionnaire)
        .values("organisation")
        .annotate(last=Max("completed_at"))
    )
    wanted = {(row["organisation"], row["last"]) for row in latest}
    return [
        run.scores
        for run in Run.objects.completed()
        .filter(questionnaire=questionnaire)
        .only("organisation_id", "completed_at", "scores")
        if (run.organisation_id, run.completed_at) in wanted
    ]


def compute(*, scope: str, epsilon: float, now: dt.datetime) -> dict[str, Any]:
    key = scope.removeprefix(f"{SCOPE_PREFIX}:")
    questionnaire = Questionnaire.objects.published().filter(key=key).first()
    if questionnaire is None:
        return {"sections": []}
    sections = list(questionnaire.sections.order_by("position", "pk"))
    runs = _latest_scores(questionnaire)
    width = max(1, len(sections))
    count_scale = privacy.scale_for(epsilon=epsilon / 2, sensitivity=width)
    sum_scale = privacy.scale_for(epsilon=epsilon / 2, sensitivity=width * MAX_SCORE)
    counts = {s.key: sum(1 for scores in runs if s.key in scores) for s in sections}
    sums = {
        s.key: sum(
            privacy.clamp(scores[s.key], bound=MAX_SCORE) for scores in runs if s.key in scores
        )
        for s in sections
    }
    noisy_counts = privacy.non_negative(privacy.noisy(counts, scale=count_scale))
    noisy_sums = privacy.non_negative(privacy.noisy(sums, scale=sum_scale))
    # A list, not an object: JSONB keeps no key order.
    out = []
    for section in sections:
        n = noisy_counts[section.key]
        cell: dict[str, Any] = {"title": section.title, "state": "small", "mean": None}
        if n >= THRESHOLD:
            mean = max(0, min(MAX_SCORE, round(noisy_sums[section.key] / n)))
            cell = {**cell, "state": "shown", "mean": mean}
        out.append(cell)
    return {
        "questionnaire": key,
        "version": questionnaire.version,
        "sections": out,
        "noise_scale": {"counts": count_scale, "sums": sum_scale},
    }
