"""django-guardian's tables keep their columns but lose their foreign keys to shared tables.

A foreign key from an organization schema to `public` puts integrity triggers on the shared
table, one set per organization (see tenants/selectors/user_references.py). guardian's
models cannot say `db_constraint=False`, so this drops the constraints in SQL; Django's
model state is untouched, and a test fails if a later migration brings one back.
The SQL names no schema: it acts on the schema being migrated (the first in search_path).
"""

from django.db import migrations

GUARDIAN_TABLES = ("guardian_userobjectpermission", "guardian_groupobjectpermission")

DROP = f"""
DO $$
DECLARE constraint_row record;
BEGIN
    FOR constraint_row IN
        SELECT c.conname, c.conrelid::regclass AS table_name
        FROM pg_constraint c
        JOIN pg_class source ON source.oid = c.conrelid
        JOIN pg_class target ON target.oid = c.confrelid
        WHERE c.contype = 'f'
          AND source.relnamespace = current_schema()::regnamespace
          AND target.relnamespace <> source.relnamespace
          AND source.relname IN {GUARDIAN_TABLES}
    LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I',
                       constraint_row.table_name, constraint_row.conname);
    END LOOP;
END $$;
"""

REFERENCES = [
    ("guardian_userobjectpermission", "user_id", "accounts_user"),
    ("guardian_userobjectpermission", "permission_id", "auth_permission"),
    ("guardian_userobjectpermission", "content_type_id", "django_content_type"),
    ("guardian_groupobjectpermission", "group_id", "auth_group"),
    ("guardian_groupobjectpermission", "permission_id", "auth_permission"),
    ("guardian_groupobjectpermission", "content_type_id", "django_content_type"),
]

# One statement per item: RunSQL runs each on its own, as a Citus worker needs (a worker
# refuses several commands in one message).
RESTORE = [
    f"ALTER TABLE {table} ADD CONSTRAINT {table}_{column}_fk_shared FOREIGN KEY ({column}) "
    f"REFERENCES {target} (id) DEFERRABLE INITIALLY DEFERRED"
    for table, column, target in REFERENCES
]


class Migration(migrations.Migration):
    dependencies = [
        ("memberships", "0002_user_without_db_constraint"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
    ]

    operations = [migrations.RunSQL(DROP, reverse_sql=RESTORE)]
