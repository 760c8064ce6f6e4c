from django.db import migrations


def load(apps, schema_editor):
    from alliance.data import TRANSLATIONS
    from alliance.services import activity_areas_load
    from taxonomy.services import OTHER_LANGUAGES, originals_to_english

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
