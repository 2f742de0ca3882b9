"""One organization's backup and restore timed, as bench-backups and bench-scale measure
them: each way of dumping (pg_dump, the snapshot dump), then a restore of each dump under
another name in a transaction rolled back (measured, not kept). Medians of `rounds`."""

import statistics
import time
from collections.abc import Callable
from pathlib import Path

RESTORED = "org_restored"


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples), 3)


def backup_and_restore_seconds(
    schema_name: str, folder: Path, *, rounds: int, ways: tuple[str, ...] = ("snapshot",)
) -> dict[str, float]:
    """`backup_<way>_s` and `restore_<way>_s` for each of `ways` ("pg_dump", "snapshot"),
    with no spare schema ready; for the snapshot dump also `restore_snapshot_spare_s`, with
    a spare ready (the default pool keeps some), which it then replays its rows into."""
    from django.db import transaction

    from tenants.schemas import schema_dump, schema_restore, spare_schemas_fill
    from tenants.schemas.snapshot_dump import snapshot_dump

    def by_pg_dump() -> None:
        schema_dump(schema_name, "--inserts", "--rows-per-insert=500",
                    "--file", str(folder / "pg_dump.sql"), timeout=600)  # fmt: skip

    def by_snapshot() -> None:
        assert snapshot_dump(schema_name, target=folder / "snapshot.sql")

    def restore(way: str) -> None:
        script = (folder / f"restore-{way}.sql").read_text()
        with transaction.atomic():
            schema_restore(schema_name=RESTORED, script=script, dumped_as=RESTORED)
            transaction.set_rollback(True)

    dumps = {"pg_dump": by_pg_dump, "snapshot": by_snapshot}
    figures = {}
    spare_schemas_fill(count=0)  # none
    for way in ways:
        dumps[way]()  # dumped as RESTORED, for the restores
        text = (folder / f"{way}.sql").read_text().replace(schema_name, RESTORED)
        (folder / f"restore-{way}.sql").write_text(text)
        figures[f"backup_{way}_s"] = median_seconds(dumps[way], rounds)
        figures[f"restore_{way}_s"] = median_seconds(lambda way=way: restore(way), rounds)
    if "snapshot" in ways:
        spare_schemas_fill(count=1)  # each restore takes it, and gives it back at rollback
        figures["restore_snapshot_spare_s"] = median_seconds(lambda: restore("snapshot"), rounds)
        spare_schemas_fill(count=0)
    return figures


def catalog_size() -> dict[str, float]:
    """The catalog's rows (pg_class) and the database on disk."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        relations = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return {"pg_class_rows": relations, "database_mb": round(size / 2**20, 1)}
