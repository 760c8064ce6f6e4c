from django.db import migrations, models


def forget_settled_secret_mail(apps, schema_editor):
    # Reset, confirmation and invitation mail written before secrets were withheld holds its
    # link in the body: once delivery is settled nothing needs it.
    OutgoingEmail = apps.get_model("notifications", "OutgoingEmail")
    for prefix in ("account:", "invitation:"):
        OutgoingEmail.objects.filter(key__startswith=prefix, status__in=["sent", "failed"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_consent_record"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="carries_secret",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="carries a secret"
            ),
        ),
        migrations.AddField(
            model_name="outgoingemail",
            name="sealed",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(forget_settled_secret_mail, migrations.RunPython.noop),
    ]
