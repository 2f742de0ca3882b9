# django-tenants reads schema_name__iexact for every new organization: an index, not a scan.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0013_citus_deferred_checks"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                django.db.models.functions.text.Upper("schema_name"),
                name="tenants_org_schema_name_upper",
            ),
        ),
    ]
