"""The plan people keep: a Markdown file with front matter and task ids, updated in place, its progress counted.

The story the issue asks for: a resident's plan, ticked by hand (in Obsidian, GitHub or an editor),
updated two years on with new answers, losing no tick, no note and none of their own text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import REPO
from irtele_cli.cli import app

RESIDENT = REPO / "examples" / "ir-resident.yaml"
IDS = re.compile(r"<!-- irtele:([a-z]+):([a-z0-9-]+) -->")


def written(runner: CliRunner, path: Path, *extra: str) -> str:
    result = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "-o", str(path), *extra])
    assert result.exit_code == 0, result.output
    return path.read_text(encoding="utf-8")


def test_the_markdown_opens_with_front_matter_and_every_task_has_a_stable_id(runner: CliRunner, tmp_path: Path) -> None:
    text = written(runner, tmp_path / "a.md")
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["schema_version"] == 1 and meta["irtele"] and meta["date"]
    assert meta["answers"] == yaml.safe_load(RESIDENT.read_text(encoding="utf-8"))  # only what was answered
    tasks = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    ids = [IDS.search(line) for line in tasks]
    assert all(ids) and len({m.group(0) for m in ids if m}) == len(tasks)  # every task line has its own id
    again = written(runner, tmp_path / "b.md")
    assert IDS.findall(again) == IDS.findall(text)
    tokens = MarkdownIt("commonmark").enable("table").parse(text.split("---\n", 2)[2])
    assert any(token.type == "table_open" for token in tokens)


def test_the_file_is_worth_handing_over(runner: CliRunner, tmp_path: Path) -> None:
    text = written(runner, tmp_path / "plan.md")
    assert "## In short" in text.split("## Your answers")[0]
    assert "(Applies to: every role.)" not in text
    assert "irtele roles show" not in text and "More: `irtele" not in text
    tasks = [line.split(" _", 1)[0] for line in text.splitlines() if line.startswith("- [ ] ")]
    assert not [task for task in tasks if re.search("criminal|disciplin", task, re.IGNORECASE)]  # read, never ticked
    sources = text.split("## Sources", 1)[1]
    assert sources.count("Article") == 1 and re.search(r"Article: \".+\", .+: §2\.1, ", sources)
    assert text.rstrip().endswith("<!-- irtele:end -->")


def kept(runner: CliRunner, tmp_path: Path) -> Path:
    """A plan ticked and annotated by hand: [x] and [X], a note under an item, text before and after, a moved item."""
    path = tmp_path / "plan.md"
    text = written(runner, path)
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if "<!-- irtele:prep:seek-feedback-explanations -->" in line)
    lines[first] = lines[first].replace("- [ ] ", "- [x] ")
    lines.insert(first + 1, "    - asked Dr. Lee after clinic, 2027-03-02")
    second = next(i for i, line in enumerate(lines) if "<!-- irtele:prep:keep-diagnostic-reading-current -->" in line)
    moved = lines.pop(second).replace("- [ ] ", "- [X] ")
    lines.insert(first, moved)  # reordered by hand
    check = next(i for i, line in enumerate(lines) if "<!-- irtele:check:" in line)
    lines[check] = lines[check].replace("- [ ] ", "- [x] ")
    text = "\n".join(lines)
    text = text.replace("<!-- irtele:begin -->", "My goals for PGY-4.\n\n<!-- irtele:begin -->")
    path.write_text(text + "\n## My journal\n\nMet my program director on 2027-04-01.\n", encoding="utf-8")
    return path


def test_an_update_keeps_every_tick_note_and_line_the_user_wrote(runner: CliRunner, tmp_path: Path) -> None:
    path = kept(runner, tmp_path)
    before = path.read_text(encoding="utf-8")
    ticked = {m.group(1) for m in re.finditer(r"- \[[xX]\] .*<!-- irtele:([a-z]+:[a-z0-9-]+) -->", before)}
    assert len(ticked) == 3
    # years on: an IR fellow open to nights, no longer keen on diagnostic reading
    result = runner.invoke(
        app,
        [
            "plan",
            "--update",
            str(path),
            "--stage",
            "ir-fellow",
            "--schedule",
            "overnight",
            "--diagnostic-reading",
            "none",
        ],
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert "Added: " in result.stdout and "No longer in your plan: " in result.stdout
    still = {m.group(1) for m in re.finditer(r"- \[[xX]\] .*<!-- irtele:([a-z]+:[a-z0-9-]+) -->", after)}
    assert ticked <= still  # every tick survives, in the plan or under 'No longer in your plan'
    assert "    - asked Dr. Lee after clinic, 2027-03-02" in after
    note_at = after.index("asked Dr. Lee")
    item_at = after.index("<!-- irtele:prep:seek-feedback-explanations -->")
    assert 0 < note_at - item_at < 200  # the note stays under its item
    assert "My goals for PGY-4." in after and after.rstrip().endswith("Met my program director on 2027-04-01.")
    assert yaml.safe_load(after.split("---\n")[1])["answers"]["stage"] == "ir-fellow"
    dropped = after.split("## No longer in your plan", 1)[1].split("<!-- irtele:end -->", 1)[0]
    assert "keep-diagnostic-reading-current" in dropped and "- [X] " in dropped  # the mark as the user wrote it


def test_a_dry_run_says_what_would_change_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = kept(runner, tmp_path)
    before = path.read_bytes()
    result = runner.invoke(app, ["plan", "--update", str(path), "--what-if", "schedule=overnight", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Role " in result.stdout and "Nothing written" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("# My own notes\n\n- [ ] something\n", "not an irtele plan (no front matter)"),
        ("---\ntitle: mine\n---\n\ntext\n", "not an irtele plan (its front matter has no 'irtele' key)"),
        ("---\nirtele: 9.0\nschema_version: 99\ndate: '2030-01-01'\nanswers: {}\n---\n<!-- irtele:begin -->\n<!-- irtele:end -->\n",
         "written by a newer irtele (schema_version 99; this one reads up to 1); left as it is"),
    ],
    ids=["foreign", "other-front-matter", "newer"],
)  # fmt: skip
def test_a_file_that_is_not_an_irtele_plan_or_is_newer_is_refused_untouched(
    runner: CliRunner, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "plan.md"
    path.write_text(content, encoding="utf-8")
    for command in (["plan", "--update", str(path)], ["progress", str(path)]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2 and message in result.stderr, result.output
    assert path.read_text(encoding="utf-8") == content


def test_progress_counts_ticks_per_section_and_names_what_is_next(runner: CliRunner, tmp_path: Path) -> None:
    path = kept(runner, tmp_path)
    result = runner.invoke(app, ["progress", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"plan_date", "version", "sections", "next"} <= set(data)
    sections = {s["name"]: (s["done"], s["total"]) for s in data["sections"]}
    assert sections["Preparation plan"][0] == 2 and sections["Contract checklist"][0] == 1
    assert data["next"] and all(item["when"] == data["next"][0]["when"] for item in data["next"])
    assert "seek-feedback-explanations" not in {item["id"] for item in data["next"]}  # done
    text = runner.invoke(app, ["progress", str(path)], env={"COLUMNS": "100"})
    assert text.exit_code == 0 and "2 of " in text.stdout and "Next (" in text.stdout


def test_checklist_alone_for_every_role_for_chosen_roles_and_against_an_offer(
    runner: CliRunner, tmp_path: Path
) -> None:
    from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base

    kb = load_knowledge_base(default_kb_dir())
    everything = json.loads(runner.invoke(app, ["checklist", "--format", "json"]).stdout)
    assert len(everything["lines"]) == len(kb.checklist)
    chosen = json.loads(runner.invoke(app, ["checklist", "--role", "tele-proctoring", "--format", "json"]).stdout)
    assert len(chosen["lines"]) < len(kb.checklist)
    assert all(line["check"]["roles"] in (["every role"], ["tele-proctoring"]) for line in chosen["lines"])
    offer = REPO / "examples" / "offer-remote.yaml"
    out = tmp_path / "checks.md"
    result = runner.invoke(
        app, ["checklist", "--role", "remote-consult-network", "--offer", str(offer), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(offer.read_text(encoding="utf-8"))
    by_term = {item.offer_term: item.id for item in kb.checklist if item.offer_term}
    text = out.read_text(encoding="utf-8")
    for term, item_id in by_term.items():
        line = next((line for line in text.splitlines() if f"<!-- irtele:check:{item_id} -->" in line), None)
        if line is None:
            continue  # not among this role's checks
        expected = {True: "met", False: "not met", None: "not stated"}.get(data.get(term), "met")
        if term == "telehealth_counts_toward_fte" and data["employment"] != "employed":
            continue
        assert f"**{expected}.**" in line, (term, line)
        assert line.startswith("- [x] ") == (expected == "met")
    bad = runner.invoke(app, ["checklist", "--role", "no-such-role"])
    assert bad.exit_code == 2 and "unknown role id 'no-such-role'" in bad.stderr


@pytest.mark.parametrize(("columns", "most"), [(80, 145), (100, 125)])
def test_the_summary_fits_about_two_screens_and_says_what_else_there_is(
    runner: CliRunner, columns: int, most: int
) -> None:
    result = runner.invoke(app, ["plan", "--answers", str(RESIDENT)], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) <= most, len(lines)
    assert "In short" in result.stdout and "Roles ranked by fit" in result.stdout
    assert "More in this plan: --section" in result.stdout
    assert "Contract checklist" not in result.stdout and "Preparation plan" not in result.stdout


def test_full_prints_every_section_and_section_prints_just_those(runner: CliRunner) -> None:
    env = {"COLUMNS": "100"}
    full = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "--full"], env=env).stdout
    for heading in ("In short", "Roles ranked by fit", "Preparation plan", "Lifestyle to weigh", "Licensing pathway",
                    "Contract checklist", "Sources"):  # fmt: skip
        assert heading in full, heading
    only = runner.invoke(
        app, ["plan", "--answers", str(RESIDENT), "--section", "checklist", "--section", "sources"], env=env
    )
    assert only.exit_code == 0
    assert "Contract checklist" in only.stdout and "Sources" in only.stdout
    assert "Roles ranked by fit" not in only.stdout and "Preparation plan" not in only.stdout
    bad = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "--section", "extras"])
    assert bad.exit_code == 2 and "unknown section 'extras'" in bad.stderr


def test_piped_output_is_never_paged(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    marker = tmp_path / "paged.txt"
    env = {**os.environ, "IRTELE_PAGER": f"tee {marker}"}
    result = subprocess.run(
        [sys.executable, "-m", "irtele_cli", "plan", "--answers", str(RESIDENT)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0 and "Roles ranked by fit" in result.stdout
    assert not marker.exists()


@pytest.mark.parametrize(
    "command",
    [["roles"], ["plan", "--answers", str(RESIDENT)], ["licensing", "--answers", str(RESIDENT)],
     ["offers", "compare", str(REPO / "examples" / "offer-hybrid.yaml"), str(REPO / "examples" / "offer-remote.yaml")]],
    ids=["roles", "plan", "licensing", "compare"],
)  # fmt: skip
def test_a_narrow_terminal_gets_stacked_lines_and_no_id_state_or_date_is_cut(
    runner: CliRunner, command: list[str]
) -> None:
    from irtele_cli.load.knowledge import default_kb_dir, load_knowledge_base

    result = runner.invoke(app, command, env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "┃ #" not in out and "┃ State" not in out and "┃ ID and role" not in out  # no table header rows
    assert "…" not in out  # nothing cut with an ellipsis
    kb = load_knowledge_base(default_kb_dir())
    if command[0] in ("roles", "plan"):
        assert all(role.id in out for role in kb.roles)
    if command[0] == "roles":
        assert "Evenings and weekends" in out  # the schedule is no longer dropped at 60 columns
    if command[0] == "licensing":
        assert "2024-10-29" in out and "\nOK · " in out


def test_a_trainee_s_full_plan_condenses_the_checklist_and_the_section_gives_it_all(runner: CliRunner) -> None:
    env = {"COLUMNS": "100"}
    full = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "--full"], env=env).stdout
    whole = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "--section", "checklist"], env=env).stdout
    assert "What to check when offers come." in full
    assert "more for your top roles: --section checklist" in full
    assert "more for your top roles" not in whole and whole.count("☐") > full.split("Contract checklist")[1].count("☐")


def test_an_update_keeps_the_user_s_wording_of_a_task_line_and_does_not_repeat_old_drops(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = kept(runner, tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("- [x] Ask attendings for feedback", "- [x] Ask attendings (Dr. Lee, Dr. Shah) for feedback", 1)
    path.write_text(text, encoding="utf-8")
    first = runner.invoke(app, ["plan", "--update", str(path), "--diagnostic-reading", "none"])
    assert first.exit_code == 0, first.output
    after = path.read_text(encoding="utf-8")
    assert "- [x] Ask attendings (Dr. Lee, Dr. Shah) for feedback" in after
    assert "No longer in your plan: " in first.stdout
    second = runner.invoke(app, ["plan", "--update", str(path)])
    assert second.exit_code == 0 and "No longer in your plan: " not in second.stdout  # already there, not news
    assert path.read_text(encoding="utf-8") == after  # a second update with no change is byte-stable


def test_kept_plans_accept_other_marks_duplicates_and_refuse_bad_front_matter(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "plan.md"
    text = written(runner, path)
    line = next(item for item in text.splitlines() if "<!-- irtele:prep:seek-feedback-explanations -->" in item)
    text = text.replace(
        line, line.replace("- [ ] ", "* [/] ") + "\n    - started", 1
    )  # another bullet, Obsidian's in-progress
    other = next(item for item in text.splitlines() if "<!-- irtele:prep:screen-share-annotate -->" in item)
    text = text.replace(
        "<!-- irtele:end -->", other.replace("- [ ] ", "- [x] ") + "\n<!-- irtele:end -->"
    )  # copied and ticked
    path.write_text(text, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["progress", str(path), "--format", "json"]).stdout)
    assert {s["name"]: s["done"] for s in data["sections"]}["Preparation plan"] == 1  # the ticked copy counts
    assert runner.invoke(app, ["plan", "--update", str(path)]).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert "- [/] " in after and "    - started" in after and "- [x] Get fluent at screen-sharing" in after
    broken = tmp_path / "bad.md"
    broken.write_text(after.replace("date: '2026", "date: 2026-13-45\n# '2026", 1), encoding="utf-8")
    result = runner.invoke(app, ["progress", str(broken)])
    assert "Traceback" not in result.output


@pytest.mark.parametrize("pager", ['less "', " "])
def test_a_pager_that_cannot_run_prints_the_plan_instead(tmp_path: Path, pager: str) -> None:
    import os

    import pexpect

    env = {**os.environ, "IRTELE_PAGER": pager, "COLUMNS": "100"}
    child = pexpect.spawn("/bin/sh", ["-c", f"{REPO}/.venv/bin/python -m irtele_cli plan --answers {RESIDENT}; echo rc=$?"],
                          env=env, encoding="utf-8", timeout=30, dimensions=(30, 100))  # fmt: skip
    child.expect(pexpect.EOF)
    assert "Roles ranked by fit" in (child.before or "") and "rc=0" in (child.before or "")
    assert "Traceback" not in (child.before or "")


def test_dry_run_alone_is_refused_and_saved_answers_never_hold_a_trial(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "dr.md"
    result = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "--dry-run", "-o", str(out)])
    assert result.exit_code == 2 and "--dry-run goes with --update" in result.stderr and not out.exists()
    saved = tmp_path / "saved.yaml"
    result = runner.invoke(
        app, ["plan", "--answers", str(RESIDENT), "--what-if", "max_licenses=5", "--save-answers", str(saved)]
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["max_licenses"] == 2
