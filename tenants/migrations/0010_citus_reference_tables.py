"""On a Citus coordinator, the shared tables that tenant tables point at become reference
tables (tenants/schemas/citus.py); on plain PostgreSQL this does nothing."""

from django.db import migrations


def make_reference_tables(apps, schema_editor):
    from tenants.schemas.citus import reference_tables_make

    reference_tables_make()


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0009_job_indexes"),
        ("accounts", "0003_email_stored_normalized"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(make_reference_tables, migrations.RunPython.noop)]
