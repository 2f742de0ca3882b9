from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0006_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="running_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="job",
            index=models.Index(
                condition=models.Q(("state", "running")),
                fields=["running_until"],
                name="tenants_job_running",
            ),
        ),
    ]
