"""Load the three areas of activity.

Migrations are history: this one carries its own copy of the code it runs, so later changes to
the services cannot change what it did.
"""

from django.db import migrations

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


def load(apps, schema_editor):
    activity_areas_load(apps.get_model("alliance", "ActivityArea"))


class Migration(migrations.Migration):
    dependencies = [("alliance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
