"""Time 'irtele cohort' over generated plan files; run with ``python benchmarks/cohort.py`` (exits 1 over budget).

Plans are written as 'irtele plan -o' writes them, from answers drawn at random (seeded) over every
stage and choice, so trainees rarely share answers. Reading and reporting is timed in process for
125, 250 and 500 files: the budget is 500 files in under 2 s, and the time per file should stay flat.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, get_args

from irtele_cli.core.cohort import cohort_view
from irtele_cli.core.plan import make_plan
from irtele_cli.flows.cohort import read_cohort
from irtele_cli.load.answers import build_profile
from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base
from irtele_cli.render.markdown import markdown
from irtele_cli.schema import vocabulary as v

BUDGET_500_S = 2.0
STATES = ["TX", "OK", "NM", "NY", "CA", "FL", "CO", "WA", "PA", "OH"]


def answers(rng: random.Random) -> dict[str, Any]:
    stage = rng.choice(get_args(v.Stage))
    home = rng.choice(STATES)
    licensed = [home] if stage in ("early-career", "established") else []
    given: dict[str, Any] = {
        "stage": stage,
        "home_state": home,
        "licensed_states": licensed,
        "target_states": rng.sample(STATES, rng.randint(0, 4)),
        "max_licenses": rng.randint(max(1, len(licensed)), 5),
        "telehealth_share": rng.choice(get_args(v.TelehealthShare)),
        "procedures": rng.choice(get_args(v.Procedures)),
        "schedule": rng.sample(get_args(v.Schedule), rng.randint(1, 3)),
        "employment": rng.choice(get_args(v.EmploymentChoice)),
        "priorities": rng.sample(get_args(v.Priority), rng.randint(0, 3)),
        "liability_comfort": rng.choice(get_args(v.Comfort)),
        "screen_tolerance": rng.choice(get_args(v.Comfort)),
    }
    if stage != "medical-student":
        given["diagnostic_reading"] = rng.choice(get_args(v.Reading))
    return given


def write_plans(folder: Path, count: int, seed: int = 15) -> None:
    kb = load_knowledge_base(default_kb_dir())
    rng = random.Random(seed)
    for number in range(count):
        text = markdown(make_plan(kb, build_profile(answers(rng), {})))
        ticks = rng.randint(0, 6)  # a few items ticked by hand
        text = text.replace("- [ ] ", "- [x] ", ticks)
        (folder / f"trainee-{number:04d}.md").write_text(text, encoding="utf-8")


def seconds(paths: list[Path]) -> float:
    kb = load_knowledge_base(default_kb_dir())
    start = time.perf_counter()
    trainees, unreadable = read_cohort(paths)
    cohort_view(kb, trainees, unreadable)
    elapsed = time.perf_counter() - start
    assert not unreadable and len(trainees) == len(paths)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        write_plans(folder, args.files)
        files = sorted(folder.glob("*.md"))
        results = {}
        for count in (args.files // 4, args.files // 2, args.files):
            results[count] = min(seconds(files[:count]) for _ in range(3))
            print(f"{count:5d} plan files: {results[count]:.2f} s ({1000 * results[count] / count:.1f} ms a file)")
    worst = results[args.files]
    budget = BUDGET_500_S * args.files / 500
    print(f"budget: {budget:.2f} s for {args.files} files: {'met' if worst <= budget else 'NOT MET'}")
    return 0 if worst <= budget else 1


if __name__ == "__main__":
    sys.exit(main())
