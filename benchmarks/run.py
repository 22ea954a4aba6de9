"""Measure irtele against its performance budget; run with ``python benchmarks/run.py``.

Whole-process times are medians over several runs and are reported as ratios to
``python -c "import typer"`` measured in the same run, so the figures travel between machines.
Peak memory is the maximum resident set size of the command's own process.
The Typer floor (``typer_floor.py``, a command that does nothing) shows how much of each ratio is
Typer's own cost of running a command, so the rest is what irtele adds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from irtele_cli.core.matching import rank
from irtele_cli.load.answers import read_answers as read_profile_answers
from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.knowledge import KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "examples" / "ir-resident.yaml"
TYPER_FLOOR = [sys.executable, str(ROOT / "benchmarks" / "typer_floor.py"), "plan", "--answers", str(ANSWERS)]
IRTELE = [sys.executable, "-m", "irtele_cli"]
BUDGETS = {"help_ratio": 2.0, "plan_ratio": 3.0, "plan_peak_mib": 40.0, "rank_10000_s": 1.0}


def wall_time(command: list[str], runs: int) -> float:
    """Median wall-clock seconds of a whole process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mib(command: list[str]) -> float:
    """Peak RSS of the command, measured from a fresh parent whose only child is the command."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True)
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def generated_kb(kb: KnowledgeBase, count: int) -> KnowledgeBase:
    """The bundled knowledge base with its roles repeated under new ids up to ``count`` roles."""
    roles = [kb.roles[index % len(kb.roles)].model_copy(update={"id": f"role-{index}"}) for index in range(count)]
    return kb.model_copy(update={"roles": roles})


def rank_seconds(kb: KnowledgeBase, profile: Profile, count: int) -> float:
    big = generated_kb(kb, count)
    start = time.perf_counter()
    matches = rank(big, profile)
    elapsed = time.perf_counter() - start
    assert len(matches) == count
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per whole-process timing (default 15)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    baseline = wall_time([sys.executable, "-c", "import typer"], args.runs)
    help_time = wall_time([*IRTELE, "--help"], args.runs)
    floor_time = wall_time(TYPER_FLOOR, args.runs)
    plan_command = [*IRTELE, "plan", "--answers", str(ANSWERS), "--format", "json"]
    plan_time = wall_time(plan_command, args.runs)
    kb = load_knowledge_base(default_kb_dir())
    profile = Profile.model_validate(read_profile_answers(ANSWERS))
    figures: dict[str, float] = {
        "import_typer_ms": baseline * 1000,
        "help_ms": help_time * 1000,
        "help_ratio": help_time / baseline,
        "typer_floor_ms": floor_time * 1000,
        "typer_floor_ratio": floor_time / baseline,
        "plan_ms": plan_time * 1000,
        "plan_ratio": plan_time / baseline,
        "plan_above_floor_ms": (plan_time - floor_time) * 1000,
        "plan_peak_mib": peak_mib(plan_command),
        "rank_10000_s": rank_seconds(kb, profile, 10_000),
        "rank_20000_s": rank_seconds(kb, profile, 20_000),
    }
    over = [name for name, limit in BUDGETS.items() if figures[name] > limit]
    if args.json:
        print(json.dumps({**{k: round(v, 3) for k, v in figures.items()}, "over_budget": over}, indent=2))
    else:
        rows = [
            ("python -c 'import typer'", f"{figures['import_typer_ms']:.1f} ms", "baseline"),
            ("irtele --help", f"{figures['help_ms']:.1f} ms", f"{figures['help_ratio']:.2f}x (budget 2x)"),
            (
                "typer floor (a command doing nothing)",
                f"{figures['typer_floor_ms']:.1f} ms",
                f"{figures['typer_floor_ratio']:.2f}x (Typer's own cost per command)",
            ),
            (
                "irtele plan --answers F --format json",
                f"{figures['plan_ms']:.1f} ms",
                f"{figures['plan_ratio']:.2f}x (budget 3x); {figures['plan_above_floor_ms']:.0f} ms above the floor",
            ),
            ("plan peak memory", f"{figures['plan_peak_mib']:.1f} MiB", "(budget 40 MiB)"),
            ("rank 10,000 generated roles", f"{figures['rank_10000_s']:.3f} s", "(budget 1 s)"),
            (
                "rank 20,000 generated roles",
                f"{figures['rank_20000_s']:.3f} s",
                "(linear: about 2x the above)",
            ),
        ]
        for name, value, note in rows:
            print(f"{name:<40}{value:>12}  {note}")
        print(
            f"Python {sys.version.split()[0]}; " + ("within budget" if not over else f"OVER BUDGET: {', '.join(over)}")
        )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
