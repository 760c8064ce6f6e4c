"""The areas of activity and the coalitions' purposes in the four languages.

Migrations are history: this one carries its own copy of the code it runs, so later changes to
the services cannot change what it did.
"""

from django.db import migrations
from django.db.models import F, Q

from alliance.data import ACTIVITY_AREAS, TRANSLATIONS

OTHER_LANGUAGES = ("nl", "fr", "de")  # the order of the tuples in the TRANSLATIONS tables


def localized_values(model, field, text, translations):
    """``field``'s values in every language ``model`` stores (a copy frozen with this migration)."""
    columns = {f.name for f in model._meta.get_fields()}
    values = {field: text} if field in columns else {}
    if f"{field}_en" not in columns:
        return values
    values[f"{field}_en"] = text
    for code, value in zip(OTHER_LANGUAGES, translations.get(text, ()), strict=False):
        values[f"{field}_{code}"] = value
    return values


def activity_areas_load(model):
    for position, (slug, title, summary) in enumerate(ACTIVITY_AREAS, start=1):
        model.objects.update_or_create(
            slug=slug,
            defaults={
                **localized_values(model, "title", title, TRANSLATIONS),
                **localized_values(model, "summary", summary, TRANSLATIONS),
                "position": position,
            },
        )


def originals_to_english(model, fields):
    """Copy each original column into its empty ``_en`` column."""
    for field in fields:
        model.objects.filter(Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_en": ""})).update(
            **{f"{field}_en": F(field)}
        )


def load(apps, schema_editor):
    activity_areas_load(model=apps.get_model("alliance", "ActivityArea"))
    coalition_model = apps.get_model("alliance", "Coalition")
    originals_to_english(coalition_model, ["purpose"])
    # Purposes still in the portal's own words get its translations; edited ones stay as typed.
    for coalition in coalition_model.objects.all():
        translations = TRANSLATIONS.get(coalition.purpose_en, ())
        for code, text in zip(OTHER_LANGUAGES, translations, strict=False):
            if not getattr(coalition, f"purpose_{code}"):
                setattr(coalition, f"purpose_{code}", text)
        coalition.save()


class Migration(migrations.Migration):
    dependencies = [("alliance", "0005_translations"), ("taxonomy", "0004_translate_vocabularies")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
