"""Rolling deploys: whether a schema another code version has migrated still serves this
code (the routing middleware answers 503 for one that does not)."""

from tenants.models import MigrationState
from tenants.schemas import expected_migrations, target_digest

# digest -> whether a schema in that state has every migration this code has. Rows never
# change (a digest is its content), so an answer holds for the life of the process.
_serves_by_digest: dict[str, bool] = {}


def schema_serves_this_code(digest: str) -> bool:
    """True when a schema recorded at `digest` has every migration of this code: it is at
    this code's state, or ahead of it (a rolling deploy whose new code has migrated it)."""
    if digest == target_digest():
        return True
    if digest not in _serves_by_digest:
        recorded = MigrationState.objects.filter(digest=digest).values_list("migrations", flat=True)
        migrations = recorded.first()
        if migrations is None:
            return False  # unknown yet: not remembered, it may be recorded later
        applied = {tuple(name.split(".", 1)) for name in migrations}
        _serves_by_digest[digest] = expected_migrations() <= applied
    return _serves_by_digest[digest]
