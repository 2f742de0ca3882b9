from django.db import models


class MigrationState(models.Model):
    """The migrations behind a migration digest (Organization.migration_digest).

    A digest alone only says "equal or not". Knowing its migrations lets a worker still on
    the previous code version serve an organization that the new version's rollout has
    already migrated past it (tenants.rollout.state.schema_serves_this_code). Rows are
    content-addressed: the same digest always means the same migrations.
    """

    digest = models.CharField(max_length=16, unique=True)
    migrations = models.JSONField()  # sorted "app.name" strings
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"migration state {self.digest} ({len(self.migrations)} migrations)"
