"""The quick scan's part of the site-wide catalogue (tests/catalogue.py): one published
questionnaire, shared, and for each side (canary and control) a completed run of its
organisation, so the site-wide tests check that a run answers to its own members only."""

from __future__ import annotations

from typing import Any

from tests.knowledge.scan_helpers import completed_run, make_questionnaire

APP = "quick_scan"
POINTS = {"eco-efficiency": 0, "working-conditions": 2, "supply-chain": 3}
ADMIN_MODELS = ("questionnaire", "section", "question")


def build(world: Any) -> None:
    questionnaire = make_questionnaire(key="catalogue-scan")
    made: dict[str, Any] = {"questionnaire": questionnaire}
    for side in (world.canary, world.control):
        made[world.side_name(side)] = completed_run(
            side.organisation, questionnaire, points=POINTS, by=side.admin
        )
    world.extra[APP] = made


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    made = world.extra[APP]
    questionnaire, run = made["questionnaire"], made[side_name]
    for model_name in ADMIN_MODELS:
        if name.startswith(f"admin:knowledge_{model_name}_"):
            section = questionnaire.sections.first()
            obj = {
                "questionnaire": questionnaire,
                "section": section,
                "question": section.questions.first(),
            }[model_name]
            return [{"object_id": obj.pk}]
    if not name.startswith("knowledge:scan"):
        return None
    values = {"slug": run.organisation.slug, "uid": run.uid, "position": 0}
    return [{p: values[p] for p in params}]
