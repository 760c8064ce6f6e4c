"""GDPR: every model that can hold something about a person or an organisation is in the
registry of ``accounts.hooks``, so a new one cannot be added without deciding what the
download shows of it and what erasure does to it."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from accounts import hooks
from accounts.models import Organisation


def personal_models() -> dict[str, list[str]]:
    """Each model (historical and automatic many-to-many ones included) with a link to the
    user or an organisation, or an email field, and the fields that make it so."""
    targets = {get_user_model(), Organisation}
    found: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        reasons = []
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # a reverse relation: the other side is listed itself
            if field.is_relation and field.related_model in targets:
                reasons.append(f"{field.name} → {field.related_model._meta.label}")
            if isinstance(field, models.EmailField):
                reasons.append(f"{field.name} (email)")
        if reasons:
            found[model._meta.label] = reasons
    return found


def test_every_model_holding_a_person_or_organisation_has_a_rule():
    covered = hooks.covered_models()
    missing = {
        label: reasons
        for label, reasons in personal_models().items()
        if label not in covered and label not in hooks.not_personal
    }

    assert not missing, (
        "No GDPR rule for these models: register them in the app's privacy.py"
        f" (accounts.hooks.PersonalData) or say why they are not personal: {missing}"
    )


def test_the_sweep_sees_the_models_it_must():
    # Guards the test above against a sweep that finds nothing and so passes.
    found = personal_models()

    for label in [
        "accounts.Invitation",
        "notifications.OutgoingEmail",
        "knowledge.HistoricalPractice",
        "commitments.Framework_coordinators",
        "alliance.SupportDeclaration",
        "forum.MemberPreferences",
    ]:
        assert label in found


def test_every_rule_names_a_real_model_and_says_what_happens():
    labels = {m._meta.label for m in apps.get_models(include_auto_created=True)}

    for label, rule in {**hooks.covered_models(), **hooks.not_personal}.items():
        assert label in labels, f"{label} is in the registry but is no model"
        assert rule.strip(), f"{label} has an empty rule"


def test_each_section_with_personal_rows_can_be_exported_or_erased():
    for section, entry in hooks.personal_data.items():
        assert entry.export or entry.person_erasing or entry.organisation_erasing, section
