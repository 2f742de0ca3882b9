"""PNG charts of the latest benchmark results (`make bench-charts`, run by `make bench`)."""

import json
import sys

import matplotlib

from bench.common import RESULTS

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # after choosing the backend


def load(name: str) -> dict | None:
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def bars(
    title: str, labels: list[str], values: list[float], unit: str, out: str, log: bool = False
) -> None:
    """`log`: a logarithmic axis, for figures that differ by orders of magnitude."""
    figure, axes = plt.subplots(figsize=(7, 3.5))
    drawn = axes.barh(labels, values, color="#4c72b0")
    axes.bar_label(drawn, labels=[f"{value:g} {unit}" for value in values], padding=3)
    axes.set_title(title)
    if log:
        axes.set_xscale("log")
        axes.set_xlim(min(values) / 2, max(values) * 20)
        axes.set_xlabel(f"{unit} (logarithmic)")
    else:
        axes.set_xlabel(unit)
        axes.set_xlim(0, max(values) * 1.25)
    figure.tight_layout()
    figure.savefig(RESULTS / out, dpi=110)
    plt.close(figure)


def scale_charts(scale: dict) -> list[str]:
    """bench-scale: each figure at 10 organizations beside the same at ORGS."""
    ends = list(scale["at"])
    at = scale["at"]

    def side_by_side(title: str, figures: dict[str, str], unit: str, out: str, log=False):
        labels = [f"{name}, {at[end]['organizations']:,} orgs" for name in figures for end in ends]
        values = [at[end][key] for key in figures.values() for end in ends]
        bars(title, labels, values, unit, out, log=log)
        return out

    provisioning = scale["provisioning_p50_ms"]
    # Labels and title short enough to fit: the result's longest key pushed the title out.
    labels = [
        key.replace("_during_maintenance", " (maintenance running)").replace("_", " ")
        for key in provisioning
    ]
    bars(f"Provisioning p50 ({scale['organizations']:,} organizations)",
         labels, list(provisioning.values()), "ms", "scale-provisioning.png")  # fmt: skip
    return [
        "scale-provisioning.png",
        side_by_side("Projects list p50", {"projects list": "projects_list_p50_ms"}, "ms",
                     "scale-latency.png"),
        side_by_side("Migrations: none to do; one AddField",
                     {"no-op migrate_tenants": "noop_migrate_tenants_s",
                      "AddField by migrate_tenants": "rollout_migrate_tenants_s",
                      "AddField by the raw DDL loop": "rollout_raw_ddl_loop_s"},
                     "s", "scale-migrations.png", log=True),
        side_by_side("Peak memory of the migration commands",
                     {"migrate_tenants": "migrate_tenants_peak_rss_mb",
                      "tenant_migration_status": "tenant_migration_status_peak_rss_mb"},
                     "MB", "scale-memory.png"),
        side_by_side("One organization's backup and restore",
                     {"backup": "backup_snapshot_s", "restore, no spare": "restore_snapshot_s",
                      "restore, spare ready": "restore_snapshot_spare_s"},
                     "s", "scale-backups.png", log=True),
        side_by_side("The catalog and the database",
                     {"pg_class rows": "pg_class_rows", "database MB": "database_mb"},
                     "", "scale-catalog.png", log=True),
    ]  # fmt: skip


def main() -> int:
    made = []
    if provisioning := load("provisioning.json"):
        p50 = provisioning["p50_ms"]
        bars("Provisioning, API call to usable tenant (p50)", list(p50), list(p50.values()), "ms",
             "provisioning.png")  # fmt: skip
        made.append("provisioning.png")
    if scale := load("scale.json"):
        made += scale_charts(scale)
    if throughput := load("throughput.json"):
        rates = throughput["requests_per_second_median"]
        bars("Projects list throughput (median of rounds)", list(rates), list(rates.values()),
             "req/s", "throughput.png")  # fmt: skip
        made.append("throughput.png")
    if flood := load("load.json"):
        quiet = flood["quiet_p95_ms_median_of_rounds"]
        labels = ["alone", "a neighbour at 10x", "a neighbour flooding"]
        values = [quiet["baseline"], quiet["noisy"],
                  flood["saturation"]["quiet_p95_ms_median_of_rounds"]]  # fmt: skip
        bars("20 quiet organizations' p95 (make load, median of rounds)", labels, values, "ms",
             "load.png")  # fmt: skip
        made.append("load.png")
    if jobs := load("jobs.json"):
        runs = {"fairness on": jobs["fair"], "single queue": jobs["single_queue"]}
        labels = [f"{label}, {share}" for label in runs for share in ("p50", "p95")]
        values = [
            runs[label][f"invitation_mail_{share}_s"] or 0
            for label in runs
            for share in ("p50", "p95")
        ]
        bars(f"Invitation mail during another organization's {jobs['fair']['flood_jobs']:,} jobs",
             labels, values, "s", "jobs.png")  # fmt: skip
        made.append("jobs.png")
    if citus := load("citus.json"):
        sides = {"one server": citus["single"], "Citus": citus["citus"]}
        figures = {
            "provisioning, spare": "provisioning_spare_p50_ms",
            "provisioning, template": "provisioning_p50_ms",
            "projects list": "projects_list_p50_ms",
        }
        labels = [f"{figure} ({side})" for figure in figures for side in sides]
        values = [sides[side][key] for key in figures.values() for side in sides]
        bars("Citus (loopback, 3 nodes) beside one server: p50", labels, values, "ms",
             "citus.png")  # fmt: skip
        move = citus["citus"]["move"]
        labels = ["write p50 before the move"] + [
            f"longest write, move {number}"
            for number in range(1, len(move["longest_write_ms_each"]) + 1)
        ]
        bars(f"Writes while an organization of {move['projects']:,} projects moves",
             labels, [move["write_p50_before_ms_median"], *move["longest_write_ms_each"]], "ms",
             "citus-move.png")  # fmt: skip
        made += ["citus.png", "citus-move.png"]
    if backups := load("backups.json"):
        figures = backups["figures"]
        counts = list(figures)
        labels = [
            f"{what}, {way}, {int(count):,} organizations"
            for what in ("backup", "restore")
            for way in ("pg_dump", "snapshot")
            for count in counts
        ]
        values = [
            figures[count][f"{what}_{way}_s"]
            for what in ("backup", "restore")
            for way in ("pg_dump", "snapshot")
            for count in counts
        ]
        bars("One organization's backup and restore (median)", labels, values, "s",
             "backups.png", log=True)  # fmt: skip
        made.append("backups.png")
    for count in (200, 1000):
        if migrate := load(f"migrate-{count}.json"):
            seconds = migrate["seconds"]
            keys = ["ours", "standard", "multiprocessing", "raw_ddl_process"]
            bars(f"One AddField rolled out to {count} schemas", keys,
                 [seconds[key] for key in keys], "s", f"migrate-{count}.png")  # fmt: skip
            made.append(f"migrate-{count}.png")
    print("wrote", ", ".join(made) or "nothing (no results yet)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
