"""`python -m core.dev.mutation`: the figure of the last `make mutate` run, per module.

Reads mutmut's results (`mutmut results --all true`) and the equivalent mutants listed in
docs/mutation.md (each by its name in backticks, with the reason), and prints per module the
mutants, killed, equivalent, survived and not run yet; a survivor listed as equivalent is not
counted as survived. The score is killed / (run - equivalent). Exits 1 while mutants are
left to run, below MUTATION_MIN_SCORE (95 unless set), or when a survivor is neither killed
nor explained.
"""

import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

EQUIVALENTS_DOC = Path("docs/mutation.md")
RESULT_LINE = re.compile(r"^\s*(?P<name>\S+__mutmut_\d+): (?P<status>.+)$")
# mutmut names a mutant module.x_function__mutmut_N or module.xǁClassǁmethod__mutmut_N.
MODULE_OF = re.compile(r"^(?P<module>.+?)\.x(?:_|ǁ)")
KILLED = {"killed", "timeout"}  # a mutant that makes the tests hang is caught, as mutmut counts


def mutant_statuses() -> dict[str, str]:
    output = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        match["name"]: match["status"]
        for line in output.splitlines()
        if (match := RESULT_LINE.match(line))
    }


def listed_equivalents() -> set[str]:
    """The names in the first column of the doc's "Equivalent mutants" table."""
    text = EQUIVALENTS_DOC.read_text() if EQUIVALENTS_DOC.exists() else ""
    section = text.partition("## Equivalent mutants")[2]
    return set(re.findall(r"^\| `([^`\s]+__mutmut_\d+)` \|", section, flags=re.MULTILINE))


def main() -> int:
    statuses = mutant_statuses()
    equivalents = listed_equivalents()
    rows: dict[str, Counter] = defaultdict(Counter)
    unexplained = []
    for name, status in sorted(statuses.items()):
        row = rows[MODULE_OF.match(name)["module"]]
        row["mutants"] += 1
        if status in KILLED:
            row["killed"] += 1
        elif name in equivalents:
            row["equivalent"] += 1
        elif status == "not checked":
            row["not run"] += 1
        else:
            row["survived"] += 1
            unexplained.append(f"{name}: {status}")
    total = sum(rows.values(), Counter())
    columns = ("mutants", "killed", "equivalent", "survived", "not run")
    print(f"{'module':<50}" + "".join(f"{column:>11}" for column in columns))
    for module, row in [*sorted(rows.items()), ("total", total)]:
        print(f"{module:<50}" + "".join(f"{row[column]:>11}" for column in columns))
    scored = total["mutants"] - total["not run"] - total["equivalent"]
    score = 100 * total["killed"] / scored if scored else 0.0
    print(f"\nkilled / (run - equivalent) = {total['killed']}/{scored} = {score:.1f}%")
    for line in unexplained:
        print(f"  not killed, not listed as equivalent: {line}")
    stale = sorted(equivalents - statuses.keys())
    for name in stale:
        print(f"  listed as equivalent but no longer a mutant: {name}")
    minimum = float(os.environ.get("MUTATION_MIN_SCORE", "95"))
    complete = not total["not run"]
    return 0 if complete and score >= minimum and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
