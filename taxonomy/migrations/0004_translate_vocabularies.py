from django.db import migrations


def load(apps, schema_editor):
    from taxonomy.services import vocabularies_load

    vocabularies_load(
        theme_model=apps.get_model("taxonomy", "Theme"),
        subject_model=apps.get_model("taxonomy", "Iso26000Subject"),
        sector_model=apps.get_model("taxonomy", "Sector"),
    )


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0003_translations")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
