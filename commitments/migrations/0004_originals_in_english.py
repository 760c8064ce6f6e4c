"""The text entered before the translation columns existed is English: copy it there.

Migrations are history: this one carries its own copy of the code it runs, so later changes to
the services cannot change what it did.
"""

from django.db import migrations
from django.db.models import F, Q


def originals_to_english(model, fields):
    """Copy each original column into its empty ``_en`` column."""
    for field in fields:
        model.objects.filter(Q(**{f"{field}_en__isnull": True}) | Q(**{f"{field}_en": ""})).update(
            **{f"{field}_en": F(field)}
        )


def copy(apps, schema_editor):
    originals_to_english(apps.get_model("commitments", "Framework"), ["title", "introduction"])
    originals_to_english(apps.get_model("commitments", "Commitment"), ["title"])
    originals_to_english(apps.get_model("commitments", "Action"), ["text"])
    originals_to_english(apps.get_model("commitments", "SubItem"), ["text"])


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_translations")]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
