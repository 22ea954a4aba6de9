"""The program director's view: a cohort of trainees' plan and answers files, and each trainee's ILP page.

The cohort is generated the way a program would have it: plans written by 'irtele plan -o', some ticked
by hand, one a year and more old, answers files beside them, one file that is not readable, and one file
given twice (directly and through its folder).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from irtele_cli.cli import app
from profiles import PROFILES

ONE_LICENSE_LIMIT = "The role needs licenses in several states, and you plan to hold only one."
IDS = re.compile(r"<!-- irtele:([a-z]+):([a-z0-9-]+) -->")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "ir-resident.yaml"
PLANS = ["ir-resident-keeping-procedures", "attending-strong-reader-nights", "established-one-license", "old-plan"]
ANSWERS = ["established-fully-remote", "medical-student-digital-health", "fellow-high-acuity-nights", "one-license-2"]
TRAINEES: dict[str, dict[str, Any]] = {
    **PROFILES,
    "old-plan": {**PROFILES["ir-resident-keeping-procedures"], "priorities": ["teaching"]},
    "one-license-2": {**PROFILES["established-one-license"], "stage": "early-career"},
}
TICKED = {"ir-resident-keeping-procedures": 3, "attending-strong-reader-nights": 1}


def invoke(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args), env={"COLUMNS": "100", "NO_COLOR": "1"})


def tick(path: Path, count: int) -> list[str]:
    """Tick the first ``count`` preparation items by hand, as a trainee would in their editor."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    ticked: list[str] = []
    for number, line in enumerate(lines):
        if len(ticked) < count and line.startswith("- [ ] ") and "irtele:prep:" in line:
            lines[number] = "- [x] " + line[6:]
            ticked.append(IDS.findall(line)[0][1])
    path.write_text("".join(lines), encoding="utf-8")
    return ticked


@pytest.fixture
def cohort(runner: CliRunner, tmp_path: Path) -> Path:
    folder = tmp_path / "residents"
    folder.mkdir()
    for name in PLANS:
        answers = tmp_path / f"{name}.yaml"
        answers.write_text(yaml.safe_dump(TRAINEES[name]), encoding="utf-8")
        result = invoke(runner, "plan", "--answers", str(answers), "--no-input", "-o", str(folder / f"{name}.md"))
        assert result.exit_code == 0, result.output
        tick(folder / f"{name}.md", TICKED.get(name, 0))
    old = folder / "old-plan.md"
    old.write_text(re.sub(r"^date: .*$", "date: '2020-03-01'", old.read_text(encoding="utf-8"), count=1, flags=re.M))
    for name in ANSWERS:
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(TRAINEES[name]), encoding="utf-8")
    (folder / "broken.yaml").write_text("stage: [unclosed\n", encoding="utf-8")
    return folder


def expected_top(runner: CliRunner, tmp_path: Path, name: str) -> list[str]:
    """A trainee's top roles as 'irtele plan' gives them, the independent record to count against."""
    answers = tmp_path / f"expected-{name}.yaml"
    answers.write_text(yaml.safe_dump(TRAINEES[name]), encoding="utf-8")
    result = invoke(runner, "plan", "--answers", str(answers), "--no-input", "--format", "json")
    assert result.exit_code == 0, result.output
    top: list[str] = json.loads(result.stdout)["top"]
    return top


def report(runner: CliRunner, cohort: Path, *extra: str) -> Any:
    """The cohort given by folder, with one of its files named again: it must count once."""
    return invoke(runner, "cohort", str(cohort), str(cohort / "old-plan.md"), *extra)


def test_the_json_report_counts_each_trainee_once_and_sets_the_broken_file_aside(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    result = report(runner, cohort, "--format", "json")
    assert result.exit_code == 2  # a file could not be read; the report is made all the same
    assert "error: 1 of 9 files could not be read" in result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "schema_version", "generated", "version", "total", "stages", "roles", "limits", "no_limits",
        "open_items", "trainees", "unreadable", "unreadable_note", "stale_note", "none_note", "disclaimer",
    }  # fmt: skip
    assert data["schema_version"] == 1 and data["total"] == 8
    assert sorted(row["id"] for row in data["trainees"]) == sorted(TRAINEES)
    assert [item["file"] for item in data["unreadable"]] == [str(cohort / "broken.yaml")]
    assert {stage["key"]: stage["count"] for stage in data["stages"]} == {
        "medical-student": 1, "ir-resident": 2, "ir-fellow": 1, "early-career": 2, "established": 2,
    }  # fmt: skip
    tops = {name: expected_top(runner, tmp_path, name) for name in TRAINEES}
    for role in data["roles"]:
        assert role["in_top"] == sum(role["role"] in top for top in tops.values()), role
    (limit,) = [limit for limit in data["limits"] if limit["text"] == ONE_LICENSE_LIMIT]
    assert limit["count"] == 2 and limit["line"] == f"2 of 8 limited by: {ONE_LICENSE_LIMIT}"
    assert limit["opens_with"] and all("Licenses you will hold" in c["key"] for c in limit["opens_with"][:1])
    assert sum(role["blocked"] > 0 for role in data["roles"]) >= 1
    row = {row["id"]: row for row in data["trainees"]}
    assert [lim["rule"] for lim in row["established-one-license"]["hard_limits"]] == ["one-license-multi-state-role"]
    assert row["old-plan"]["stale"] and not row["ir-resident-keeping-procedures"]["stale"]
    assert row["ir-resident-keeping-procedures"]["progress_done"] == 3
    assert row["medical-student-digital-health"]["kind"] == "answers"
    assert row["medical-student-digital-health"]["progress_total"] is None
    top_item = data["open_items"][0]
    assert set(top_item) == {"id", "text", "when", "count"} and top_item["count"] >= 2


def test_the_csv_has_one_row_per_trainee_in_the_documented_columns(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    result = report(runner, cohort, "--format", "csv")
    assert result.exit_code == 2
    assert f"{cohort / 'broken.yaml'}: " in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = result.stdout.splitlines()[0].split(",")
    assert header == ["id", "stage", "top_1", "top_1_score", "top_2", "top_3", "hard_limits",
                      "progress_done", "progress_total", "plan_date", "version"]  # fmt: skip
    assert len(rows) == 8
    for row in rows:
        name = row["id"]
        assert row["stage"] == TRAINEES[name]["stage"]
        top = expected_top(runner, tmp_path, name)
        assert [row["top_1"], row["top_2"], row["top_3"]] == top[:3]
        assert row["top_1_score"].isdigit()
        one_license = TRAINEES[name].get("max_licenses") == 1
        assert ("one-license-multi-state-role" in row["hard_limits"]) == one_license, row
        if name in PLANS:
            assert row["version"] and re.fullmatch(r"\d{4}-\d\d-\d\d", row["plan_date"])
            assert int(row["progress_done"]) == TICKED.get(name, 0) and int(row["progress_total"]) > 0
        else:
            assert row["progress_done"] == row["progress_total"] == row["plan_date"] == row["version"] == ""
    assert next(row for row in rows if row["id"] == "old-plan")["plan_date"] == "2020-03-01"


def test_the_markdown_report_is_written_with_o_and_never_over_a_file_without_force(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    result = report(runner, cohort, "-o", str(target), "--format", "markdown")
    assert result.exit_code == 2
    text = target.read_text(encoding="utf-8")
    assert text == result.stdout
    headings = [t.content for t in MarkdownIt("commonmark").parse(text) if t.type == "inline" and t.content]
    for heading in ["Trainees by stage", "Roles", "Hard limits", "Preparation still open now", "Unreadable files"]:
        assert heading in headings
    assert f"2 of 8 limited by: {ONE_LICENSE_LIMIT}" in text
    assert "2020-03-01 **older than a year" in text
    assert f"`{cohort / 'broken.yaml'}`: " in text.split("## Unreadable files")[1]
    again = report(runner, cohort, "-o", str(target))
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    assert target.read_text(encoding="utf-8") == text


def test_the_text_report_lists_the_unreadable_file_after_the_report(runner: CliRunner, cohort: Path) -> None:
    result = report(runner, cohort)
    assert result.exit_code == 2
    out = result.stdout
    assert out.index("Trainees") < out.index("could not be read") < out.index("broken.yaml")
    assert "Traceback" not in result.output


def test_a_cohort_of_readable_files_exits_0_and_a_folder_is_read_only_at_its_top_unless_recursive(
    runner: CliRunner, cohort: Path
) -> None:
    (cohort / "broken.yaml").unlink()
    inner = cohort / "second-year"
    inner.mkdir()
    (inner / "late.yaml").write_text(yaml.safe_dump(TRAINEES["one-license-2"]), encoding="utf-8")
    flat = json.loads(invoke(runner, "cohort", str(cohort), "--format", "json").stdout)
    assert flat["total"] == 8
    deep = invoke(runner, "cohort", str(cohort), "--recursive", "--format", "json")
    assert deep.exit_code == 0, deep.output
    assert json.loads(deep.stdout)["total"] == 9


def test_the_ilp_page_has_the_programs_fields_and_the_plans_task_ids(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(TRAINEES["ir-resident-keeping-procedures"]), encoding="utf-8")
    plan, ilp = tmp_path / "plan.md", tmp_path / "ilp.md"
    result = invoke(runner, "plan", "--answers", str(answers), "--no-input", "-o", str(plan), "--ilp", str(ilp))
    assert result.exit_code == 0, result.output
    text = ilp.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["kind"] == "ilp" and meta["plan"] == str(plan) and meta["schema_version"] == 1
    tokens = MarkdownIt("commonmark").parse(text.split("---\n", 2)[2])
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert headings == ["Career goals", "Goals for this training year", "Activities done", "Mentors and meetings",
                        "Next review"]  # fmt: skip
    year = text.split("## Goals for this training year")[1].split("## Activities done")[0]
    plan_text = plan.read_text(encoding="utf-8")
    now_and_this_year = plan_text.split("### Now")[1].split("\n### ", 2)
    wanted = IDS.findall(now_and_this_year[0]) + (
        IDS.findall(now_and_this_year[1]) if now_and_this_year[1].startswith("This year") else []
    )
    assert IDS.findall(year) == wanted and wanted
    assert all(line.startswith("- [ ] ") for line in year.strip().splitlines())
    json_top = expected_top(runner, tmp_path, "ir-resident-keeping-procedures")
    career = text.split("## Career goals")[1].split("## ")[0]
    assert re.findall(r"\(`([a-z0-9-]+)`\)", career) == json_top[:3]
    again = invoke(runner, "plan", "--answers", str(answers), "--no-input", "--ilp", str(ilp))
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr


def test_an_ilp_from_an_update_lists_the_ticked_items_as_activities_done(runner: CliRunner, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(TRAINEES["ir-resident-keeping-procedures"]), encoding="utf-8")
    plan, ilp = tmp_path / "plan.md", tmp_path / "ilp.md"
    assert invoke(runner, "plan", "--answers", str(answers), "--no-input", "-o", str(plan)).exit_code == 0
    ticked = tick(plan, 2)
    result = invoke(runner, "plan", "--update", str(plan), "--ilp", str(ilp))
    assert result.exit_code == 0, result.output
    text = ilp.read_text(encoding="utf-8")
    done = text.split("## Activities done")[1].split("## ")[0]
    assert [item_id for _, item_id in IDS.findall(done)] == ticked
    year = text.split("## Goals for this training year")[1].split("## ")[0]
    assert all("- [x] " in line for line in year.splitlines() if any(f":{i} -->" in line for i in ticked))
    cohort = json.loads(invoke(runner, "cohort", str(tmp_path), "--format", "json").stdout)
    assert [row["id"] for row in cohort["trainees"]] == ["a", "plan"]  # the ILP page is no trainee


def test_a_missing_path_is_named_as_missing(runner: CliRunner, cohort: Path) -> None:
    result = invoke(runner, "cohort", str(cohort), str(cohort / "nobody.md"), "--format", "json")
    assert result.exit_code == 2
    unreadable = json.loads(result.stdout)["unreadable"]
    assert {"file": str(cohort / "nobody.md"), "reason": "no such file or directory"} in unreadable


def test_a_csv_cell_that_a_spreadsheet_would_run_stays_text(runner: CliRunner, cohort: Path) -> None:
    (cohort / "broken.yaml").unlink()
    (cohort / "=HYPERLINK(1).yaml").write_text(yaml.safe_dump(TRAINEES["one-license-2"]), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(invoke(runner, "cohort", str(cohort), "--format", "csv").stdout)))
    assert "'=HYPERLINK(1)" in {row["id"] for row in rows}
    assert not any(value.startswith("=") for row in rows for value in row.values())


def test_an_empty_folder_is_an_error_not_an_empty_report(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "cohort", str(tmp_path))
    assert result.exit_code == 2
    assert "no plan or answers files in" in result.output


def test_two_trainees_with_the_same_file_name_stay_two(runner: CliRunner, cohort: Path) -> None:
    (cohort / "broken.yaml").unlink()
    (cohort / "second-year").mkdir()
    first = next(path for path in sorted(cohort.glob("*.yaml")))
    (cohort / "second-year" / first.name).write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    rows = json.loads(invoke(runner, "cohort", str(cohort), "--recursive", "--format", "json").stdout)["trainees"]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert str(cohort / "second-year" / first.name) in ids


def test_the_ilp_may_not_share_a_name_with_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    result = invoke(runner, "plan", "--answers", str(EXAMPLE), "-o", str(target), "--ilp", str(target))
    assert result.exit_code == 2
    assert "another option writes that file too" in result.output
    assert not target.exists()


@pytest.mark.parametrize("format_", ["json", "csv", "markdown", "text"])
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_format(
    runner: CliRunner, tmp_path: Path, format_: str
) -> None:
    """Linux allows any bytes in a file name; Python reads them as lone surrogates, which no UTF-8 output holds."""
    import os

    folder = tmp_path / "plans"
    folder.mkdir()
    name = os.fsdecode(b"trainee-\xff.yaml")
    (folder / name).write_text(yaml.safe_dump(PROFILES["ir-resident-keeping-procedures"]), encoding="utf-8")
    result = runner.invoke(app, ["cohort", str(folder), "--format", format_])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)["trainees"][0]["file"] if format_ == "json" else result.stdout
    assert "trainee-\\udcff" in shown  # the same escape in every format


@pytest.mark.parametrize(("fmt", "said"), [("text", "Cohort report: 1 trainee ("), ("markdown", ": 1 trainee. ")])
def test_a_cohort_of_one_says_one_trainee(runner: CliRunner, tmp_path: Path, fmt: str, said: str) -> None:
    result = invoke(runner, "cohort", str(EXAMPLE), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert said in result.stdout and "1 trainees" not in result.stdout
