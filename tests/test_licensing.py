"""The licensing pathway: compact eligibility, a route per target state, stale data, and the plan's use of it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import Editor
from irtele_cli.cli import app
from irtele_cli.core.licensing import Pathway, pathway
from irtele_cli.core.plan import make_plan
from irtele_cli.errors import DocumentError
from irtele_cli.load.answers import licensing_input
from irtele_cli.load.knowledge import load_knowledge_base
from irtele_cli.schema.answers import LicensingInput, Profile
from irtele_cli.schema.knowledge import KnowledgeBase
from irtele_cli.schema.states import STATES
from profiles import PROFILES

TODAY = dt.date(2026, 11, 27)


def route(kb: KnowledgeBase, today: dt.date = TODAY, **answers: Any) -> Pathway:
    return pathway(kb, LicensingInput.model_validate(answers), today)


def routes(result: Pathway) -> dict[str, str]:
    return {row.state: row.route for row in result.states}


def test_table_covers_every_state_and_territory_once(kb: KnowledgeBase) -> None:
    assert sorted(row.code for row in kb.licensing.states) == sorted(STATES)


def test_compact_home_license_and_board_certification_open_the_compact(kb: KnowledgeBase) -> None:
    result = route(
        kb,
        home_state="TX",
        licensed_states=["TX"],
        target_states=["OK", "PA", "TX"],
        board_certified=True,
        max_licenses=3,
    )
    assert result.compact.eligible
    assert result.compact.principal_state == "TX"
    assert "TX can be your state of principal license" in result.compact.reasons[0]
    assert "it is your home state (where you live or mainly practice)" in result.compact.reasons[0]
    assert result.compact.summary == "You can use the compact, if you meet the criteria below."
    assert routes(result) == {"OK": "compact", "PA": "compact", "TX": "held"}
    assert (result.licenses_held, result.new_licenses, result.total_licenses, result.over_limit) == (1, 2, 3, False)


def test_non_member_home_gives_no_compact_route(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="CA", licensed_states=["CA"], target_states=["OK"], board_certified=True)
    assert not result.compact.eligible
    assert "CA cannot be your state of principal license: not in the compact." in result.compact.reasons
    assert routes(result) == {"OK": "standard"}
    assert "you cannot use the compact yet" in result.states[0].notes[0]


def test_not_board_certified_gives_no_compact_route_and_says_why(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="TX", licensed_states=["TX"], target_states=["OK"], board_certified=False)
    assert not result.compact.eligible
    assert result.compact.reasons[0].startswith("Not board certified: the compact requires")
    assert any("could, once you are board certified," in reason for reason in result.compact.reasons)
    assert routes(result) == {"OK": "standard"}


def test_non_principal_member_home_cannot_be_the_principal_state(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="VT", licensed_states=["VT"], target_states=["OK"], board_certified=True)
    assert not result.compact.eligible
    assert any(
        reason.startswith("VT cannot be your state of principal license: compact member that issues")
        for reason in result.compact.reasons
    )


def test_licensed_principal_state_away_from_home_is_conditional(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="CA", licensed_states=["CA", "AZ"], target_states=["NV"], board_certified=True)
    assert result.compact.eligible
    assert result.compact.principal_state == "AZ"
    assert any(
        r.startswith(
            "AZ can be your state of principal license only if it is "
            "your primary residence, at least 25% of your practice is there, or your employer is there"
        )
        for r in result.compact.reasons
    )
    assert result.compact.summary == "You may be able to use the compact."


def test_targets_outside_the_compact_need_a_standard_application(kb: KnowledgeBase) -> None:
    result = route(
        kb,
        home_state="TX",
        licensed_states=["TX"],
        target_states=["NY", "NM", "AK"],
        board_certified=True,
        max_licenses=2,
    )
    assert routes(result) == {"NY": "standard", "NM": "standard", "AK": "standard"}
    notes = {row.state: row.notes[0] for row in result.states}
    assert notes["NY"] == "Not in the compact: apply to the state board."
    assert notes["NM"].startswith("Compact law passed, but compact licensing is not confirmed as live")
    assert notes["AK"].startswith("Sources disagree on whether it is in the compact")
    assert result.over_limit


@pytest.mark.parametrize(
    ("today", "verify"),
    [(dt.date(2026, 6, 1), False), (dt.date(2027, 1, 31), False), (dt.date(2027, 2, 1), True)],
)
def test_stale_rows_are_flagged_by_the_clock(kb: KnowledgeBase, today: dt.date, verify: bool) -> None:
    row = next(row for row in kb.licensing.states if row.code == "CA")
    assert (row.as_of, row.confidence) == ("2026-01", "high")
    result = route(kb, today=today, target_states=["CA"])
    assert result.states[0].verify is verify
    assert any(note.startswith("Verify before acting") for note in result.states[0].notes) is verify


def test_low_or_medium_confidence_is_always_flagged(kb: KnowledgeBase) -> None:
    result = route(kb, today=dt.date(2024, 11, 1), target_states=["OK"])
    assert result.states[0].confidence == "medium"
    assert result.states[0].verify


def test_teleradiology_adds_where_the_reads_happen(kb: KnowledgeBase) -> None:
    result = route(
        kb, home_state="FL", licensed_states=["FL"], target_states=["GA"], board_certified=True, teleradiology=True
    )
    assert routes(result) == {"GA": "compact", "FL": "held"}
    assert "where you read as well" in " ".join(result.states[1].notes)
    assert any(rule.startswith("Teleradiology: licensed where the image is made") for rule in result.rules)


def test_the_tool_lists_but_never_asks_the_private_criteria(kb: KnowledgeBase) -> None:
    result = route(kb, target_states=["OK"])
    assert result.self_check == [
        "No history of disciplinary action against your medical license.",
        "No criminal history.",
        "No history of controlled-substance actions against your license.",
        "Not currently under investigation.",
    ]
    assert all(key not in LicensingInput.model_fields for key in ("discipline", "criminal_history"))


@pytest.mark.parametrize(
    ("stage", "first_reason"),
    [("ir-resident", "Not board certified"), ("early-career", "You did not say whether you are board certified")],
)
def test_plan_and_licensing_read_an_unstated_certification_alike(
    kb: KnowledgeBase, tmp_path: Path, stage: str, first_reason: str
) -> None:
    """Residents are never asked (they cannot be certified yet); an attending who did not say is not assumed."""
    answers = {**PROFILES["ir-resident-keeping-procedures"], "stage": stage}
    assert "board_certified" not in answers
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    alone = pathway(kb, licensing_input(path, {}), TODAY)
    in_plan = make_plan(kb, Profile.model_validate(answers), today=TODAY).licensing
    assert in_plan is not None
    assert alone.compact.reasons[0].startswith(first_reason)
    assert in_plan.compact.reasons == alone.compact.reasons


@pytest.mark.parametrize(("given", "code"), [("texas", "TX"), ("TX", "TX"), ("new york", "NY"), ("Dc", "DC")])
def test_state_names_and_codes_are_normalised(given: str, code: str) -> None:
    assert licensing_input(None, {"target_states": f"{given}, ok"}).target_states == [code, "OK"]


def test_a_plans_answers_file_works_but_unknown_keys_do_not(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(PROFILES["ir-resident-keeping-procedures"]), encoding="utf-8")
    assert licensing_input(path, {}).target_states == ["TX", "OK"]
    path.write_text(yaml.safe_dump({"target_states": ["OK"], "discipline": "none"}), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        licensing_input(path, {})
    assert caught.value.problems[0].startswith(f"{path}: discipline: unknown key; allowed keys: stage,")


def test_missing_state_row_is_a_knowledge_base_error(kb_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(kb_copy, "licensing.yaml", lambda data: data["states"].pop(0))
    with pytest.raises(DocumentError) as caught:
        load_knowledge_base(kb_copy)
    assert caught.value.problems == [f"{kb_copy / 'licensing.yaml'}: states: no row for AL (Alabama)"]


# --- the command --------------------------------------------------------------------------------

ARGS = [
    "licensing",
    "--home",
    "texas",
    "--licensed",
    "TX",
    "--target",
    "OK,NY,tx",
    "--board-certified",
    "--max-licenses",
    "3",
]


def test_json_keys(runner: CliRunner) -> None:
    result = runner.invoke(app, [*ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["compact"]["eligible"] is True
    assert data["compact"]["reasons"]
    assert [row["state"] for row in data["states"]] == ["OK", "NY", "TX"]
    assert [row["route"] for row in data["states"]] == ["compact", "standard", "held"]
    assert {"state", "route", "compact_status", "as_of", "confidence", "notes"} <= set(data["states"][0])


def test_one_screen_for_an_early_career_physician(runner: CliRunner) -> None:
    result = runner.invoke(app, ARGS, env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ["You can use the compact", "via the compact", "standard application", "already licensed",
                 "Check privately", "No criminal history.", "https://imlcc.com/participating-states/"]:  # fmt: skip
        assert text in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_markdown_export_follows_the_plans_rules(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "licensing.md"
    first = runner.invoke(app, [*ARGS, "-o", str(out), "--format", "json"])
    assert first.exit_code == 0, first.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Licensing pathway\n")
    assert "| OK | via the compact |" in text
    again = runner.invoke(app, [*ARGS, "-o", str(out)])
    assert again.exit_code == 2
    assert again.stderr == f"error: {out} already exists; use --force to overwrite it\n"


def test_unknown_state_exits_2_with_the_closest(runner: CliRunner) -> None:
    result = runner.invoke(app, ["licensing", "--target", "Oklahma"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --target: unknown US state or territory 'Oklahma'; did you mean Oklahoma?")


# --- in the plan --------------------------------------------------------------------------------


def test_plan_with_targets_gains_the_pathway_steps_and_role_notes(kb: KnowledgeBase) -> None:
    answers = {**PROFILES["established-fully-remote"], "home_state": "TX", "licensed_states": ["TX"],
               "target_states": ["OK", "NY"], "board_certified": True}  # fmt: skip
    plan = make_plan(kb, Profile.model_validate(answers), today=TODAY)
    assert plan.licensing is not None
    assert "teleradiology-ir-focus" in plan.top  # so the state read from (home) is routed too, per the ACR
    assert routes(plan.licensing) == {"OK": "compact", "NY": "standard", "TX": "held"}
    steps = {step.id: step for step in plan.preparation}
    assert steps["licensing-check"].when == "now"
    assert (
        steps["licensing-compact"].text
        == "Apply through TX for a compact letter of qualification, then request licenses in OK."
    )
    assert steps["licensing-standard"].text == "Apply directly to the medical boards of NY."
    network = next(match for match in plan.matches if match.role == "remote-consult-network")
    note = next(reason for reason in network.reasons if reason.rule == "licensing-pathway")
    assert (
        note.text == "New licenses your target states need: 2 (OK, NY). The compact could cover 1 of them through TX."
    )


def test_application_steps_over_the_limit_say_to_choose_targets_first(kb: KnowledgeBase) -> None:
    answers = {**PROFILES["ir-resident-keeping-procedures"], "target_states": ["TX", "OK", "NM"], "max_licenses": 2}
    plan = make_plan(kb, Profile.model_validate(answers), today=TODAY)
    assert plan.licensing is not None and plan.licensing.over_limit
    standard = next(step for step in plan.preparation if step.id == "licensing-standard")
    assert standard.text == f"{kb.licensing.plan_steps.over_limit} Apply directly to the medical boards of TX, OK, NM."
    within = make_plan(kb, Profile.model_validate({**answers, "max_licenses": 3}), today=TODAY)
    assert next(s for s in within.preparation if s.id == "licensing-standard").text.startswith("Apply directly")


def test_plan_without_targets_has_no_pathway(kb: KnowledgeBase) -> None:
    plan = make_plan(kb, Profile.model_validate(PROFILES["established-fully-remote"]), today=TODAY)
    assert plan.licensing is None
    assert not [step for step in plan.preparation if step.id.startswith("licensing-")]


def test_plan_adds_no_licensing_steps_when_every_target_is_licensed(kb: KnowledgeBase) -> None:
    answers = {**PROFILES["established-fully-remote"], "licensed_states": ["FL", "GA"], "target_states": ["FL", "GA"]}
    plan = make_plan(kb, Profile.model_validate(answers), today=TODAY)
    assert plan.licensing is not None
    assert routes(plan.licensing) == {"FL": "held", "GA": "held"}
    assert not [step for step in plan.preparation if step.id.startswith("licensing-")]


def test_unstated_answers_are_not_stated_as_facts(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="TX", licensed_states=["TX"], target_states=["OK", "NM"])
    assert result.compact.reasons[0].startswith("You did not say whether you are board certified:")
    assert not result.over_limit
    assert result.totals == "Licenses: 1 held + 2 new = 3."
    limited = route(kb, licensed_states=["TX"], target_states=["OK", "NM"], max_licenses=2)
    assert limited.totals.endswith(
        "That is more than you planned: drop targets or raise the number of licenses you are willing to hold."
    )


def test_an_uncertain_principal_state_is_flagged(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="MI", licensed_states=["MI"], target_states=["OK"], board_certified=True)
    assert result.compact.eligible
    assert (
        "Verify MI's compact status before you rely on it: the sources give it low confidence, as of 2026-02-21."
        in result.compact.reasons
    )


def test_unsure_rows_show_their_evidence_and_held_rows_need_no_verifying(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="TX", licensed_states=["TX"], target_states=["RI", "TX"], board_certified=True)
    rows = {row.state: row for row in result.states}
    assert "expires 2025-07-01 unless S0289 of 2025 passed" in rows["RI"].evidence
    assert rows["RI"].verify
    assert not rows["TX"].verify


def test_teleradiology_without_a_home_state_says_what_is_missing(kb: KnowledgeBase) -> None:
    result = route(kb, licensed_states=["TX"], target_states=["OK"], teleradiology=True)
    assert result.notes == ["Give your home state to include the state you read from, as the ACR's policy asks."]


def test_a_plans_answers_file_with_a_bad_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"stage": "wizard", "target_states": ["OK"]}), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        licensing_input(path, {})
    assert caught.value.problems[0].startswith(f"{path}: stage: 'wizard' is not allowed")


def test_a_home_state_without_a_license_is_named_as_such(kb: KnowledgeBase) -> None:
    result = route(kb, home_state="CO", licensed_states=["TX"], target_states=["OK"], board_certified=True)
    assert any(
        r.startswith("You hold no license in CO, your home state. TX can be your state of principal license only if")
        for r in result.compact.reasons
    )


@pytest.mark.parametrize("name", [name for name, answers in PROFILES.items() if answers.get("target_states")])
@pytest.mark.parametrize(
    "change", [{}, {"max_licenses": 6}, {"board_certified": True}, {"licensed_states": "TX", "home_state": None}]
)
def test_a_plans_pathway_asks_what_validating_its_answers_would(
    kb: KnowledgeBase, name: str, change: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan builds the pathway's request from the validated profile without validating it again."""
    import irtele_cli.core.plan as plan_module

    requests: list[LicensingInput] = []

    def recorded(kb: KnowledgeBase, request: LicensingInput, today: dt.date) -> Pathway:
        requests.append(request)
        return pathway(kb, request, today)

    monkeypatch.setattr(plan_module, "pathway", recorded)
    make_plan(kb, Profile.model_validate(PROFILES[name] | change))
    (request,) = requests
    validated = LicensingInput.model_validate(request.model_dump(exclude_unset=True))
    assert (validated, validated.model_fields_set) == (request, request.model_fields_set)
