"""Measure irtele against its performance budgets; run with ``python benchmarks/run.py`` (exit 1 if one is missed).

It builds the wheel, installs it with pip into a folder (bytecode compiled, as a user's install is)
and runs the commands from there (the validated knowledge-base snapshot exists only in a wheel).
Whole-process times are paired: each round runs ``python -c "import typer"``, the floor
(``typer_floor.py``: a do-nothing Typer app reading the same answers file) and every command back to
back, and a ratio is the median of the per-round ratios, so a busy machine slows both sides of a
pair alike. Peak memory is the maximum resident set size of the
command's own process. Ranking is timed in this process on generated knowledge bases.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ROOT / "examples" / "ir-resident.yaml"
OFFERS = sorted(str(path) for path in (ROOT / "examples").glob("offer-*.yaml"))
IRTELE = [sys.executable, "-m", "irtele_cli"]
BASELINE = [sys.executable, "-c", "import typer"]
FLOOR = [sys.executable, str(ROOT / "benchmarks" / "typer_floor.py"), "plan", "--answers", str(ANSWERS)]
COMMANDS = {
    "plan_json": [*IRTELE, "plan", "--answers", str(ANSWERS), "--format", "json"],
    "plan_text": [*IRTELE, "plan", "--answers", str(ANSWERS), "--no-pager"],
    "licensing": [*IRTELE, "licensing", "--answers", str(ANSWERS)],
    "offers_compare": [*IRTELE, "offers", "compare", *OFFERS],
    "help": [*IRTELE, "--help"],
    "version": [*IRTELE, "--version"],
}
RATIO_BUDGET, ABOVE_FLOOR_BUDGET, QUICK_BUDGET = 3.2, 0.4, 1.15
FULL_COMMANDS = ("plan_json", "plan_text", "licensing", "offers_compare")
PEAK_BUDGET_MIB = 36.0
RANK_SIZES = (5_000, 10_000, 20_000, 40_000, 100_000)
RANK_10000_BUDGET_S, RANK_FLATNESS = 0.6, 1.15


def installed_wheel(into: Path) -> dict[str, str]:
    """Build the wheel and install it into a folder; the environment that runs irtele from it ahead of any checkout."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(into)],
        check=True,
        capture_output=True,
    )
    (wheel,) = into.glob("irtele-*.whl")
    site = into / "site"
    # Installed by pip, as a user's is: it compiles the bytecode too. An unpacked wheel would be
    # compiled on every run wherever PYTHONDONTWRITEBYTECODE is set, its dependencies not.
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    return {**os.environ, "PYTHONPATH": str(site), "COLUMNS": "100", "IRTELE_PAGER": "cat"}


def once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def paired(env: dict[str, str], rounds: int) -> dict[str, list[float]]:
    """Per-round seconds of the baseline, the floor and every command, run back to back each round."""
    named = {"baseline": BASELINE, "floor": FLOOR, **COMMANDS}
    times: dict[str, list[float]] = {name: [] for name in named}
    for _ in range(rounds):
        for name, command in named.items():
            times[name].append(once(command, env))
    return times


def ratio(times: dict[str, list[float]], name: str) -> float:
    return statistics.median(t / b for t, b in zip(times[name], times["baseline"], strict=True))


def peak_mib(command: list[str], env: dict[str, str]) -> float:
    """Peak RSS of the command, measured from a fresh parent whose only child is the command."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True, env=env)
    return int(out.stdout.strip()) / 1024  # Linux reports KiB


def first_question_seconds(env: dict[str, str], rounds: int) -> float:
    """Median time from starting an interactive 'irtele plan' in a pseudo-terminal to its first question."""
    import pexpect

    times = []
    pty_env = {**env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "IRTELE_STATE_DIR": tempfile.mkdtemp()}
    for _ in range(rounds):
        start = time.perf_counter()
        child = pexpect.spawn(IRTELE[0], [*IRTELE[1:], "plan"], env=pty_env, encoding="utf-8", timeout=30)
        child.expect_exact("Where are you in your training or career?")
        times.append(time.perf_counter() - start)
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close()
    return statistics.median(times)


def questionary_import_seconds(env: dict[str, str], rounds: int) -> float:
    """What importing questionary (and prompt_toolkit) costs on its own: above a bare interpreter."""
    bare = statistics.median(once([sys.executable, "-c", "pass"], env) for _ in range(rounds))
    loaded = statistics.median(once([sys.executable, "-c", "import questionary"], env) for _ in range(rounds))
    return loaded - bare


def rank_microseconds(sizes: tuple[int, ...], repeats: int = 5) -> dict[int, float]:
    """Microseconds per role to rank a knowledge base of the bundled roles repeated under new ids."""
    from irtele_cli.core.matching import rank
    from irtele_cli.load.answers import read_answers
    from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base
    from irtele_cli.schema.answers import Profile

    kb = load_knowledge_base(default_kb_dir())
    profile = Profile.model_validate(read_answers(ANSWERS))
    per_role = {}
    for count in sizes:
        roles = [kb.roles[index % len(kb.roles)].model_copy(update={"id": f"role-{index}"}) for index in range(count)]
        big = kb.model_copy(update={"roles": roles})
        fastest = math.inf
        for _ in range(repeats):  # the least of a few runs: what the code costs, less what the machine adds
            start = time.perf_counter()
            matches = rank(big, profile)
            fastest = min(fastest, time.perf_counter() - start)
            assert len(matches) == count
            del matches
        per_role[count] = fastest / count * 1e6
        del big, roles
    return per_role


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=31, help="paired rounds of whole-process timings (default 31)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as build:
        env = installed_wheel(Path(build))
        times = paired(env, args.rounds)
        peak = peak_mib(COMMANDS["plan_json"], env)
        first_question = first_question_seconds(env, max(5, args.rounds // 3))
        questionary_import = questionary_import_seconds(env, max(5, args.rounds // 3))
    per_role = rank_microseconds(RANK_SIZES)

    floor = ratio(times, "floor")
    baseline_s = statistics.median(times["baseline"])
    figures: dict[str, float] = {
        "import_typer_ms": baseline_s * 1000,
        "floor_ratio": floor,
        **{f"{name}_ratio": ratio(times, name) for name in COMMANDS},
        **{f"{name}_above_floor": ratio(times, name) - floor for name in FULL_COMMANDS},
        "plan_peak_mib": peak,
        "first_question_ms": first_question * 1000,
        "first_question_limit_ms": (statistics.median(times["plan_json"]) + questionary_import) * 1000,
        **{f"rank_{count}_us_per_role": us for count, us in per_role.items()},
        "rank_10000_s": per_role[10_000] * 10_000 / 1e6,
        "rank_flatness": max(per_role.values()) / min(per_role.values()),
    }
    checks = {
        **{f"{name}_ratio": RATIO_BUDGET for name in FULL_COMMANDS},
        **{f"{name}_above_floor": ABOVE_FLOOR_BUDGET for name in FULL_COMMANDS},
        "help_ratio": QUICK_BUDGET,
        "version_ratio": QUICK_BUDGET,
        "plan_peak_mib": PEAK_BUDGET_MIB,
        "first_question_ms": figures["first_question_limit_ms"],
        "rank_10000_s": RANK_10000_BUDGET_S,
        "rank_flatness": RANK_FLATNESS,
    }
    over = [name for name, limit in checks.items() if figures[name] > limit]
    if args.json:
        print(json.dumps({**{k: round(v, 3) for k, v in figures.items()}, "over_budget": over}, indent=2))
        return 1 if over else 0
    print(f"python -c 'import typer': {figures['import_typer_ms']:.1f} ms (the unit of every ratio)")
    print(f"floor (Typer app reading the answers): {floor:.2f}x")
    for name in COMMANDS:
        budget = f"budget {QUICK_BUDGET}x" if name in ("help", "version") else f"budget {RATIO_BUDGET}x"
        above = (
            f", {figures[name + '_above_floor']:+.2f}x above the floor (budget {ABOVE_FLOOR_BUDGET}x)"
            if name in FULL_COMMANDS
            else ""
        )
        print(f"{name:<16} {figures[name + '_ratio']:.2f}x ({budget}{above})")
    print(f"plan peak memory: {peak:.1f} MiB (budget {PEAK_BUDGET_MIB} MiB)")
    print(f"first question of 'irtele plan': {figures['first_question_ms']:.0f} ms "
          f"(budget: batch plan + questionary's import = {figures['first_question_limit_ms']:.0f} ms)")  # fmt: skip
    for count, us in per_role.items():
        print(f"rank {count:>7,} roles: {us:.1f} µs per role")
    print(f"rank 10,000 roles: {figures['rank_10000_s']:.3f} s (budget {RANK_10000_BUDGET_S} s); per-role cost "
          f"varies {figures['rank_flatness']:.2f}x across sizes (budget {RANK_FLATNESS}x)")  # fmt: skip
    print(f"Python {sys.version.split()[0]}; " + ("within budget" if not over else f"OVER BUDGET: {', '.join(over)}"))
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
