"""On a Citus coordinator, the function that runs deferred checks on the worker holding a
table (core/db/citus.py); on plain PostgreSQL this does nothing."""

from django.db import migrations


def make_function(apps, schema_editor):
    from tenants.schemas.citus import deferred_checks_function_make

    deferred_checks_function_make()


class Migration(migrations.Migration):
    dependencies = [("tenants", "0012_organization_limits")]

    operations = [migrations.RunPython(make_function, migrations.RunPython.noop)]
