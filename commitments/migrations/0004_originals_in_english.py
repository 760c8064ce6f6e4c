from django.db import migrations


def copy(apps, schema_editor):
    from taxonomy.services import originals_to_english

    originals_to_english(apps.get_model("commitments", "Framework"), ["title", "introduction"])
    originals_to_english(apps.get_model("commitments", "Commitment"), ["title"])
    originals_to_english(apps.get_model("commitments", "Action"), ["text"])
    originals_to_english(apps.get_model("commitments", "SubItem"), ["text"])


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_translations")]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
