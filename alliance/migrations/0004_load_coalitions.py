from django.db import migrations


def load(apps, schema_editor):
    from alliance.services import coalitions_load

    coalitions_load(
        coalition_model=apps.get_model("alliance", "Coalition"),
        theme_model=apps.get_model("taxonomy", "Theme"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alliance", "0003_support_profiles_coalitions"),
        ("taxonomy", "0002_load_vocabularies"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
