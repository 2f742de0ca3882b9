from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0007_job_running_until"),
    ]

    operations = [
        migrations.AddField(
            model_name="job",
            name="error_code",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="job",
            name="result",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="job",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
