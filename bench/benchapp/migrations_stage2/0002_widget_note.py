from django.db import migrations, models


class Migration(migrations.Migration):
    """The one trivial migration the benchmark rolls out: an AddField."""

    dependencies = [("benchapp", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="widget", name="note", field=models.TextField(blank=True, default="")
        ),
    ]
