"""One open coalition per priority area.

Migrations are history: this one carries its own copy of the code it runs, so later changes to
the services cannot change what it did.
"""

from django.db import migrations

from alliance.data import COALITION_PURPOSES, TRANSLATIONS

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
    coalition_model = apps.get_model("alliance", "Coalition")
    for theme in apps.get_model("taxonomy", "Theme").objects.all():
        purpose = COALITION_PURPOSES.get(theme.slug, "")
        defaults = localized_values(coalition_model, "purpose", purpose, TRANSLATIONS)
        coalition_model.objects.get_or_create(theme=theme, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [
        ("alliance", "0003_support_profiles_coalitions"),
        ("taxonomy", "0002_load_vocabularies"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
