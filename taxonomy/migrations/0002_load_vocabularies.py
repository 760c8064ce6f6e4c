"""Load the shared vocabularies: priority areas, ISO 26000 subjects, NACE sectors.

Migrations are history: this one carries its own copy of the code it runs, so later changes to
the services cannot change what it did.
"""

from django.db import migrations

from taxonomy import data

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


def load(apps, schema_editor):
    theme_model = apps.get_model("taxonomy", "Theme")
    subject_model = apps.get_model("taxonomy", "Iso26000Subject")
    sector_model = apps.get_model("taxonomy", "Sector")
    tr = data.TRANSLATIONS
    for position, (slug, name, description) in enumerate(data.PRIORITY_AREAS, start=1):
        theme_model.objects.update_or_create(
            slug=slug,
            defaults={
                **localized_values(theme_model, "name", name, tr),
                **localized_values(theme_model, "description", description, tr),
                "position": position,
                "source": data.SOURCE_COM_2006_136,
            },
        )
    for position, (slug, name) in enumerate(data.ISO26000_SUBJECTS, start=1):
        subject_model.objects.update_or_create(
            slug=slug,
            defaults={**localized_values(subject_model, "name", name, tr), "position": position},
        )
    for code, name in data.NACE_SECTORS:
        sector_model.objects.update_or_create(
            code=code, defaults=localized_values(sector_model, "name", name, tr)
        )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
