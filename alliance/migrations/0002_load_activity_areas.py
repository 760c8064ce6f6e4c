from django.db import migrations


def load(apps, schema_editor):
    from alliance.services import activity_areas_load

    activity_areas_load(model=apps.get_model("alliance", "ActivityArea"))


class Migration(migrations.Migration):
    dependencies = [("alliance", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
