from django.db import migrations, models
from django.db.models import F


def fill_archived_at(apps, schema_editor):
    """Projects archived before this field existed: their last update is when."""
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(status="archived", archived_at__isnull=True).update(
        archived_at=F("updated_at")
    )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="project",
            name="archived_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        # Reversing needs no data step: removing the column removes the values.
        migrations.RunPython(fill_archived_at, migrations.RunPython.noop),
    ]
