from django.db import migrations


def copy(apps, schema_editor):
    from taxonomy.services import originals_to_english

    originals_to_english(apps.get_model("forum", "Body"), ["name", "description"])
    originals_to_english(apps.get_model("forum", "Meeting"), ["title", "description"])


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_translations")]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
