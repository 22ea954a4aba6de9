"""The benchmarks' own probes still reach what they time: a Typer or pydantic rename would silently zero a stage."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))

import breakdown
import run


def test_the_breakdown_times_every_stage_of_a_plan() -> None:
    env = {**os.environ, "COLUMNS": "100", "IRTELE_PAGER": "cat"}
    spent = breakdown.probe(run.COMMANDS["plan_text"], env)
    stages = {stage for stage, seconds in spent["spent"].items() if seconds > 0}
    assert {
        breakdown.FLOOR_STAGE,
        "pydantic: create model classes",
        "pydantic: build model validators",
        "Typer: build each option's coercion",
        "knowledge base: load",
        "answers: read and check",
        "plan: rank, recourse, sections",
        "print: lay out and write",
        "Rich: import",
        "irtele modules, schema: their own code",
    } <= stages
    assert spent["classes"]["irtele_cli.schema.knowledge"] > 40  # the knowledge base's models, created once
