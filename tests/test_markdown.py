"""The Markdown plan parses as CommonMark, and its task lists hold every step and every check."""

from __future__ import annotations

import datetime as dt

from markdown_it import MarkdownIt

from irtele_cli.core.plan import Plan, make_plan
from irtele_cli.render.markdown import cell, plan_markdown
from irtele_cli.schema.answers import Profile
from irtele_cli.schema.knowledge import KnowledgeBase
from profiles import PROFILES


def resident_plan(kb: KnowledgeBase) -> Plan:
    profile = Profile.model_validate(PROFILES["ir-resident-keeping-procedures"])
    return make_plan(kb, profile, today=dt.date(2026, 11, 27))


def test_markdown_parses_back_with_every_task_and_heading(kb: KnowledgeBase) -> None:
    plan = resident_plan(kb)
    tokens = MarkdownIt("commonmark").enable("table").parse(plan_markdown(plan).split("---\n", 2)[2])
    inline = [t.content for t in tokens if t.type == "inline"]
    tasks = [text for text in inline if text.startswith("[ ] ")]
    assert plan.licensing is not None  # the resident has target states
    assert len(tasks) == len(plan.preparation) + len(plan.checklist)  # the private criteria are read, not ticked
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == [
        "In short",
        "Your answers",
        "Roles ranked by fit",
        "Your top matches",
        "Preparation plan",
        "Lifestyle to weigh",
        "Licensing pathway",
        "Contract checklist",
        "Sources",
    ]
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == (1 + len(plan.answers)) + (1 + len(plan.matches)) + (1 + len(plan.licensing.states))


def test_markdown_carries_date_version_answers_reasons_and_sources(kb: KnowledgeBase) -> None:
    plan = resident_plan(kb)
    text = plan_markdown(plan)
    assert f"Generated 2026-11-27 by irtele {plan.version}." in text
    assert "not legal, financial or medical advice" in text
    assert "| Stage | IR resident (integrated or independent) |" in text
    first = next(m for m in plan.matches if m.role == plan.top[0])
    assert f"### 1. {first.title} (`{first.role}`): {first.score}/100, {first.fit}" in text
    assert f"- **{first.reasons[0].points:+d}** {first.reasons[0].text} _({first.reasons[0].cited})_" in text
    assert f"Score {first.score}: starts at {first.base}, plus the points above" in text
    assert "> You are still in training" in text
    assert all(f"- {source}" in text for source in plan.sources_compact)


def test_table_cells_escape_pipes_and_fold_lines() -> None:
    assert cell("a | b\nc") == "a \\| b c"
