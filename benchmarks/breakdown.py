"""Where a command's start-up goes above the floor: ``python benchmarks/breakdown.py [--rounds N]``.

run.py says whether the budgets are met; this says what the time is spent on, so the figures in the
README can be checked. The wheel is installed as run.py installs it. Each round runs every command in
a fresh interpreter that times, exclusively (time inside a nested stage counts for that stage only):
pydantic creating model classes and building their validators, Typer building each option's
coercion, executing irtele's modules and importing Rich, loading the knowledge base, reading the
answers, making the plan and printing it. The least of the rounds is reported, in ms and as a
multiple of ``python -c "import typer"`` measured in the same run, beside the floor and the whole
command (both timed without the probe). The timers add a little to what they time.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TypedDict

sys.path.insert(0, str(Path(__file__).parent))
from run import ANSWERS, COMMANDS, FLOOR, installed_wheel, paired, ratio

MEASURED = ("plan_json", "plan_text", "licensing", "offers_compare")
FLOOR_STAGE = "floor, run first in the same process"

PROBE = r"""
import sys, time
import importlib.machinery, json

spent, classes, stack = {}, {}, []


def enter(name):
    stack.append([name, time.perf_counter(), 0.0])


def leave():
    name, start, inner = stack.pop()
    elapsed = time.perf_counter() - start
    spent[name] = spent.get(name, 0.0) + elapsed - inner
    if stack:
        stack[-1][2] += elapsed


def timed(name, function):
    def wrapper(*args, **kwargs):
        enter(name)
        try:
            return function(*args, **kwargs)
        finally:
            leave()
    return wrapper


# The functions timed as stages, wrapped once their module is executed: a module the command never
# imports stays unimported, as it would be without the probe.
HOOKS = {
    "irtele_cli.load.knowledge": {"load_knowledge_base": "knowledge base: load"},
    "irtele_cli.flows.gather": {"gather_profile": "answers: read and check"},
    "irtele_cli.core.plan": {"make_plan": "plan: rank, recourse, sections"},
    "irtele_cli.cli": {"_print": "print: lay out and write", "_show": "print: lay out and write"},
}


class Modules:
    # Times executing irtele's modules, by layer, and Rich's; any other module is the floor's or small.
    def find_spec(self, name, path=None, target=None):
        top, _, rest = name.partition(".")
        layer = rest.partition(".")[0] if "." in rest else "package, cli, flags, errors"
        stage = {"irtele_cli": f"irtele modules, {layer}: their own code", "rich": "Rich: import"}.get(top)
        spec = importlib.machinery.PathFinder.find_spec(name, path) if stage else None
        if spec is not None and spec.loader is not None:
            spec.loader.exec_module = self.executed(stage, spec.loader.exec_module)
        return spec

    @staticmethod
    def executed(stage, exec_module):
        def run(module):
            timed(stage, exec_module)(module)
            for function, hooked in HOOKS.get(module.__name__, {}).items():
                setattr(module, function, timed(hooked, getattr(module, function)))
        return run


sys.meta_path.insert(0, Modules())
stack_name = "floor"
enter(stack_name)
import pydantic._internal._model_construction as construction
import typer.core

new_class = construction.ModelMetaclass.__new__


def model_class(mcs, name, bases, namespace, **kwargs):
    stage = "pydantic: create model classes"
    module = namespace.get("__module__", "")
    classes[module] = classes.get(module, 0) + 1
    return timed(stage, new_class)(mcs, name, bases, namespace, **kwargs)


construction.ModelMetaclass.__new__ = model_class
construction.complete_model_class = timed("pydantic: build model validators", construction.complete_model_class)
typer.core.build_runtime_param = timed("Typer: build each option's coercion", typer.core.build_runtime_param)

import runpy

floor, command = sys.argv[1], sys.argv[2:]
sys.argv = [floor, "plan", "--answers", ANSWERS]
try:  # first the floor, in this process: what follows is what the command adds to it
    runpy.run_path(floor, run_name="__main__")
except SystemExit:
    pass
leave()
spent, classes = {FLOOR_STAGE: spent.pop(stack_name)}, {}
enter("rest: parsing the command line, Python and dependencies")
sys.argv = ["irtele", *command]
try:
    from irtele_cli.__main__ import main
    main()
except SystemExit:
    pass
leave()
sys.stdout.flush()
print(json.dumps({"spent": spent, "classes": classes}), file=sys.stderr)
"""


class Probed(TypedDict):
    spent: dict[str, float]  # seconds by stage, exclusive
    classes: dict[str, int]  # model classes created, by module


def probe(command: list[str], env: dict[str, str]) -> Probed:
    """One fresh process running the floor, then the command, with the stage timers on."""
    code = PROBE.replace("ANSWERS", repr(str(ANSWERS))).replace("FLOOR_STAGE", repr(FLOOR_STAGE))
    args = command[command.index("irtele_cli") + 1 :]
    run = subprocess.run([sys.executable, "-c", code, FLOOR[1], *args], env=env, capture_output=True, text=True)
    probed: Probed = json.loads(run.stderr.strip().splitlines()[-1])
    return probed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15, help="fresh processes per command (default 15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as build:
        env = installed_wheel(Path(build))
        times = paired(env, args.rounds)
        probes = {name: [probe(COMMANDS[name], env) for _ in range(args.rounds)] for name in MEASURED}
    unit = statistics.median(times["baseline"])
    floor = ratio(times, "floor")
    print(f"python -c 'import typer': {unit * 1000:.1f} ms, the unit of every x (medians of {args.rounds} rounds)")
    print(f"floor: {floor:.2f}x ({Path(FLOOR[1]).name}, timed paired with the commands as in run.py)")
    for name in MEASURED:
        print(f"\n{name}: {ratio(times, name):.2f}x, {ratio(times, name) - floor:+.2f}x above the floor")
        stages = {stage for run in probes[name] for stage in run["spent"]}
        typical = {stage: statistics.median(run["spent"].get(stage, 0.0) for run in probes[name]) for stage in stages}
        above = 0.0
        for stage in sorted(stages, key=lambda stage: -typical[stage]):
            print(f"  {stage:<58} {typical[stage] * 1000:6.1f} ms {typical[stage] / unit:5.2f}x")
            above += typical[stage] if stage != FLOOR_STAGE else 0.0
        own = sum(seconds for stage, seconds in typical.items() if stage.startswith("irtele modules"))
        print(f"  {'irtele modules, every layer: their own code':<58} {own * 1000:6.1f} ms {own / unit:5.2f}x")
        print(f"  {'every stage after the floor':<58} {above * 1000:6.1f} ms {above / unit:5.2f}x")
        made = sorted(probes[name][0]["classes"].items(), key=lambda item: -item[1])
        print("  model classes it creates: " + ", ".join(f"{module} {count}" for module, count in made))
    print(f"\nAnswers: {ANSWERS.relative_to(ANSWERS.parents[1])}; Python {sys.version.split()[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
