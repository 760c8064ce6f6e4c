import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("taxonomy", "0002_load_vocabularies"),
    ]

    operations = [
        migrations.AddField(
            model_name="sector",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="taxonomy.sector",
                verbose_name="section",
            ),
        ),
    ]
