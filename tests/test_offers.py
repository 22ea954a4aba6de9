"""Offers: arithmetic for every pay model, unknown vs unmet terms, bad files, the command, and `offers new`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from conftest import REPO
from irtele_cli.cli import app
from irtele_cli.core.offers import EMPLOYED_ONLY, Comparison, compare, component_line, money
from irtele_cli.errors import DocumentError, IrteleError
from irtele_cli.flows.offer import SAVE, collect_offer
from irtele_cli.flows.questionnaire import REVIEW_KEY, interpret
from irtele_cli.load.offers import load_offer, offer_answer_problem, offer_file_text
from irtele_cli.schema.knowledge import KnowledgeBase, Question
from irtele_cli.schema.offer import Offer
from test_questionnaire import ScriptedAsk

TODAY = dt.date(2026, 11, 27)
HYBRID = REPO / "examples" / "offer-hybrid.yaml"
REMOTE = REPO / "examples" / "offer-remote.yaml"


def offer(**fields: Any) -> Offer:
    base: dict[str, Any] = {"name": "x", "employment": "independent", "hours_per_week": 40}
    return Offer.model_validate({**base, **fields})


@pytest.mark.parametrize(
    ("component", "weeks", "yearly", "formula"),
    [
        ({"model": "salary", "annual": 400000}, 48, 400000, "salary $400,000"),
        (
            {"model": "salary", "annual": 400000, "bonus_target": 50000},
            48,
            450000,
            "salary $400,000 + bonus target $50,000",
        ),
        ({"model": "per-consult", "rate": 250, "per_week": 20}, 48, 240000, "$250 per consult × 20 a week × 48 weeks"),
        ({"model": "per-consult", "rate": 250, "per_week": 20}, 44, 220000, "$250 per consult × 20 a week × 44 weeks"),
        ({"model": "per-rvu", "rate": 62.5, "rvus_per_year": 6000}, 48, 375000, "$62.50 per RVU × 6,000 RVUs"),
        (
            {"model": "stipend", "amount": 1500, "per": "shift", "count_per_year": 24},
            48,
            36000,
            "stipend $1,500 per shift × 24 a year",
        ),
        (
            {"model": "stipend", "amount": 2000, "per": "week", "count_per_year": 10},
            48,
            20000,
            "stipend $2,000 per week × 10 a year",
        ),
        (
            {"model": "stipend", "amount": 5000, "per": "month", "count_per_year": 12},
            48,
            60000,
            "stipend $5,000 per month × 12 a year",
        ),
        ({"model": "stipend", "amount": 30000, "per": "year"}, 48, 30000, "stipend $30,000 a year"),
    ],
)
def test_every_component_model(component: dict[str, Any], weeks: float, yearly: float, formula: str) -> None:
    line = component_line(offer(compensation=[component], weeks_per_year=weeks).compensation[0], weeks)
    assert (line.yearly, line.formula) == (yearly, formula)


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "$0.00"),
        (5, "$5.00"),
        (62.5, "$62.50"),
        (99.994, "$99.99"),
        (99.996, "$100"),  # rounds to a whole $100, so it is shown as one
        (100, "$100"),
        (193.68, "$194"),
        (275, "$275"),
        (1500, "$1,500"),
        (490000, "$490,000"),
        (375000.4, "$375,000"),
    ],
)
def test_money_is_whole_dollars_from_100_and_cents_below(amount: float, shown: str) -> None:
    assert money(amount) == shown


def test_mixed_offer_totals_cash_benefits_and_hourly(kb: KnowledgeBase) -> None:
    mixed = offer(
        compensation=[
            {"model": "salary", "annual": 200000},
            {"model": "per-consult", "rate": 100, "per_week": 10},
            {"model": "stipend", "amount": 1000, "per": "shift", "count_per_year": 20},
        ],
        weeks_per_year=40,
        hours_per_week=50,
        benefits_value=25000,
    )
    plain = offer(compensation=[{"model": "salary", "annual": 100000}], hours_per_week=40)
    result = compare(kb, [(Path("a.yaml"), mixed), (Path("b.yaml"), plain)], TODAY)
    first = result.offers[0]
    assert [line.yearly for line in first.components] == [200000, 40000, 20000]
    assert first.annual_cash == 260000
    assert first.annual_total == 285000
    assert first.hours_per_year == 2000
    assert first.hourly == 130
    assert result.offers[1].hourly == round(100000 / (40 * 48), 2)


def test_unknown_and_unmet_terms_are_told_apart(kb: KnowledgeBase) -> None:
    result = compare(kb, [(HYBRID, load_offer(HYBRID, kb)), (REMOTE, load_offer(REMOTE, kb))], TODAY)
    checks = {check.item: check for check in result.offers[0].checks}
    assert checks["licensing_support"].status == "met"
    assert checks["telehealth_counts_toward_fte"].status == "unmet"
    assert checks["billing_explained"].status == "unknown"
    assert checks["scope"].status == "met"
    assert checks["scope"].value == "performs-procedures"
    item = next(i for i in kb.checklist if i.offer_term == "billing_explained")
    assert (checks["billing_explained"].why, checks["billing_explained"].ask) == (item.why, item.ask)
    assert result.offers[0].open_questions == sum(1 for c in checks.values() if c.status != "met")


def test_leads_and_trails_are_measure_by_measure_with_no_winner(kb: KnowledgeBase) -> None:
    result = compare(kb, [(HYBRID, load_offer(HYBRID, kb)), (REMOTE, load_offer(REMOTE, kb))], TODAY)
    hybrid, remote = result.offers
    assert "highest annual cash ($490,000)" in hybrid.leads
    assert "lowest effective hourly rate ($194)" in hybrid.trails
    assert "highest effective hourly rate ($275)" in remote.leads
    assert "fewest hours a year (1,440)" in remote.leads
    assert "winner" not in json.dumps(result.model_dump(mode="json")).lower().replace("no winner", "")


def test_equal_measures_are_not_called_leads(kb: KnowledgeBase) -> None:
    same = offer(compensation=[{"model": "salary", "annual": 300000}])
    result = compare(kb, [(Path("a.yaml"), same), (Path("b.yaml"), same)], TODAY)
    assert result.offers[0].leads == result.offers[0].trails == []


def test_one_offer_is_not_a_comparison(kb: KnowledgeBase) -> None:
    with pytest.raises(IrteleError, match="at least two offer files"):
        compare(kb, [(HYBRID, load_offer(HYBRID, kb))], TODAY)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"salary": 1}, "salary: unknown key; allowed keys: name, role, employment, compensation,"),
        ({"employment": "locum"}, "employment: 'locum' is not allowed; expected 'employed' or 'independent'"),
        (
            {"compensation": [{"model": "hourly", "rate": 1}]},
            "compensation[0]: unknown or missing pay model; 'model' must be one of salary, per-consult, per-rvu, stipend",
        ),
        (
            {"compensation": [{"model": "stipend", "amount": 100, "per": "shift"}]},
            "compensation[0]: count_per_year is required when the stipend is paid per shift",
        ),
        (
            {"compensation": [{"model": "salary", "annual": -5}]},
            "compensation[0].annual: must be at least 0 (got -5)",
        ),
        ({"hours_per_week": 0}, "hours_per_week: must be more than 0 (got 0)"),
        (
            {"billing_explained": "maybe"},
            "billing_explained: expected true or false, got 'maybe'",
        ),
        ({"role": "teleradiology"}, "role: unknown role id 'teleradiology'; did you mean teleradiology-ir-focus?"),
    ],
)
def test_bad_offer_files_name_file_and_key(
    kb: KnowledgeBase, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    data = {**yaml.safe_load(HYBRID.read_text(encoding="utf-8")), **changes}
    path = tmp_path / "offer.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_offer(path, kb)
    assert caught.value.problems[0].startswith(f"{path}: {message}")


def test_an_offer_with_mistyped_keys_is_still_read_as_an_offer(kb: KnowledgeBase, tmp_path: Path) -> None:
    """Keys a role or an answers file also has ('stage', 'title') do not make an offer something else."""
    data = {**yaml.safe_load(HYBRID.read_text(encoding="utf-8")), "stage": "fellow", "title": "x", "salry": 1}
    path = tmp_path / "offer.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_offer(path, kb)
    assert [problem.split(": ")[1] for problem in caught.value.problems] == ["stage", "title", "salry"]
    assert sum("allowed keys:" in problem for problem in caught.value.problems) == 1


BAD_OFFERS = REPO / "tests" / "bad_inputs" / "offers"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            REPO / "examples" / "ir-resident.yaml",
            "this is an answers file for 'irtele plan', not an offer; "
            "leave it out, or use it with 'irtele plan --answers {path}'",
        ),
        (
            BAD_OFFERS / "answers-file.json",
            "this is an answers file for 'irtele plan', not an offer; "
            "leave it out, or use it with 'irtele plan --answers {path}'",
        ),
        (
            REPO / "data" / "checklist.yaml",
            "this is the knowledge base's checklist.yaml, not an offer; "
            f"leave it out, or check its knowledge base with 'irtele kb validate {REPO / 'data'}'",
        ),
        (
            REPO / "data" / "scoring.yaml",
            "this is the knowledge base's scoring.yaml, not an offer; "
            f"leave it out, or check its knowledge base with 'irtele kb validate {REPO / 'data'}'",
        ),
        (
            REPO / "data" / "roles" / "tele-proctoring.yaml",
            "this is a role file of the knowledge base, not an offer; "
            f"leave it out, or check its knowledge base with 'irtele kb validate {REPO / 'data'}'",
        ),
        (
            BAD_OFFERS / "kept-plan.md",
            "this is a plan written by 'irtele plan -o', not an offer; "
            "leave it out, or see how far it has come with 'irtele progress {path}'",
        ),
    ],
    ids=lambda value: value.name if isinstance(value, Path) else "",
)
def test_a_file_that_is_not_an_offer_is_named_in_one_line(kb: KnowledgeBase, path: Path, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        load_offer(path, kb)
    assert caught.value.problems == [f"{path}: {message.format(path=path)}"]


def test_other_markdown_is_refused_by_its_file_type(kb: KnowledgeBase) -> None:
    with pytest.raises(DocumentError) as caught:
        load_offer(REPO / "README.md", kb)
    assert caught.value.problems == [
        f"{REPO / 'README.md'}: unsupported file type '.md'; use .yaml, .yml, .toml, .json"
    ]


# --- the command --------------------------------------------------------------------------------


def test_compare_shows_pay_per_year_and_hour_and_open_terms(runner: CliRunner) -> None:
    result = runner.invoke(app, ["offers", "compare", str(HYBRID), str(REMOTE)], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ["$490,000", "$396,000", "$194", "$275", "✗ not met", "? not stated", "Ask:", "No winner is named"]:
        assert text in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "193.68" not in out  # the hourly rates are shown alike: $194 beside $275


def test_compare_json_keys(runner: CliRunner) -> None:
    result = runner.invoke(app, ["offers", "compare", str(HYBRID), str(REMOTE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["offers"][0]
    assert {"name", "components", "annual_cash", "annual_total", "hourly", "checks"} <= set(first)
    assert {"yearly"} <= set(first["components"][0])
    assert {"item", "status", "why"} <= set(first["checks"][0])
    assert {check["status"] for check in first["checks"]} == {"met", "unmet", "unknown"}


def test_compare_markdown_export(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "offers.md"
    result = runner.invoke(app, ["offers", "compare", str(HYBRID), str(REMOTE), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(1 for t in tokens if t.type == "tr_open") == 11
    tasks = [t.content for t in tokens if t.type == "inline" and t.content.startswith(("[ ] ", "[x] "))]
    assert len(tasks) == 9 + 8  # the contractor offer has no FTE term
    again = runner.invoke(app, ["offers", "compare", str(HYBRID), str(REMOTE), "-o", str(out)])
    assert again.exit_code == 2
    assert "already exists; use --force" in again.stderr


def test_compare_reports_every_bad_file(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [x\n", encoding="utf-8")
    result = runner.invoke(app, ["offers", "compare", str(broken), str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: {broken}: line 2, column 1:")
    assert lines[1] == f"error: {tmp_path / 'missing.yaml'}: file not found"


def test_compare_over_a_folder_with_a_plans_answers_says_so_in_one_line(runner: CliRunner) -> None:
    """'offers compare examples/*.yaml' picks up the plan's answers file too."""
    files = sorted(str(path) for path in (REPO / "examples").glob("*.yaml"))
    result = runner.invoke(app, ["offers", "compare", *files])
    assert result.exit_code == 2
    answers = REPO / "examples" / "ir-resident.yaml"
    assert result.stderr.splitlines() == [
        f"error: {answers}: this is an answers file for 'irtele plan', not an offer; "
        f"leave it out, or use it with 'irtele plan --answers {answers}'"
    ]


def test_allowed_keys_are_listed_once_per_run(runner: CliRunner, tmp_path: Path) -> None:
    base = yaml.safe_load(HYBRID.read_text(encoding="utf-8"))
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(yaml.safe_dump({**base, "salry": 1, "bonus": 2}, sort_keys=False), encoding="utf-8")
    second.write_text(yaml.safe_dump({**base, "nights": True}, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["offers", "compare", str(first), str(second)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"error: {first}: salry: unknown key; allowed keys: name, role, employment,")
    assert lines[1:] == [
        f"error: {first}: bonus: unknown key",
        f"error: {second}: nights: unknown key (did you mean nights_weekends?)",
    ]


def test_show_gives_one_offers_yearly_figures_hourly_rate_and_open_terms(runner: CliRunner) -> None:
    result = runner.invoke(app, ["offers", "show", str(HYBRID)], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in [
        "Annual cash      $490,000",
        "Annual total     $550,000",
        "55 h/week × 46 weeks = 2,530",
        "Per hour         $194",
        "Open questions   4 of 9 terms",
        "✗ not met    Telehealth counts toward FTE",
        "? not stated Billing explained",
        "Ask:",
    ]:
        assert text in out
    assert "Leads on" not in out and "No winner" not in out  # one offer has nothing to lead or trail
    assert max(len(line) for line in out.splitlines()) <= 80


def test_show_json_is_the_one_offers_summary(runner: CliRunner) -> None:
    result = runner.invoke(app, ["offers", "show", str(REMOTE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["offer"]["annual_cash"], data["offer"]["hourly"]) == (396000, 275)
    assert data["offer"]["open_questions"] == 6
    assert [row["label"] for row in data["rows"]][:4] == ["Role", "Employment", "Pay", "Annual cash"]
    assert all(len(row["cells"]) == 1 for row in data["rows"])


def test_show_markdown_export_and_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "offer.md"
    result = runner.invoke(app, ["offers", "show", str(REMOTE), "-o", str(out), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text == result.stdout
    assert text.startswith("# Offer: Telehealth platform consults\n")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    assert sum(1 for t in tokens if t.type == "tr_open") == 11
    assert sum(1 for t in tokens if t.type == "th_open") == 2  # one column for the one offer
    tasks = [t.content for t in tokens if t.type == "inline" and t.content.startswith(("[ ] ", "[x] "))]
    assert len(tasks) == 8  # a contractor's offer has no FTE term
    again = runner.invoke(app, ["offers", "show", str(REMOTE), "-o", str(out)])
    assert again.exit_code == 2
    assert "already exists; use --force" in again.stderr
    forced = runner.invoke(app, ["offers", "show", str(HYBRID), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith("# Offer: Regional hospital hybrid\n")


@pytest.mark.parametrize("format", ["text", "markdown", "json"])
def test_compare_with_one_file_shows_that_offer(runner: CliRunner, format: str) -> None:
    env = {"COLUMNS": "100", "NO_COLOR": "1"}
    alone = runner.invoke(app, ["offers", "compare", str(HYBRID), "--format", format], env=env)
    shown = runner.invoke(app, ["offers", "show", str(HYBRID), "--format", format], env=env)
    assert alone.exit_code == 0, alone.output
    assert alone.stdout == shown.stdout


def test_show_refuses_a_file_that_is_not_an_offer(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "offer.md"
    answers = REPO / "examples" / "ir-resident.yaml"
    result = runner.invoke(app, ["offers", "show", str(answers), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {answers}: this is an answers file for 'irtele plan', not an offer;")
    assert not out.exists()


def test_offers_new_needs_a_terminal(runner: CliRunner) -> None:
    result = runner.invoke(app, ["offers", "new"])
    assert result.exit_code == 2
    assert "needs an interactive terminal" in result.stderr


# --- the questionnaire through the injected ask ---------------------------------------------------


def test_offers_new_questionnaire_writes_a_file_compare_reads(kb: KnowledgeBase, tmp_path: Path) -> None:
    ask = ScriptedAsk(
        {
            "name": ["Remote platform"],
            "role": ["second-opinion-platform"],
            "employment": ["independent"],
            "compensation.model": ["per-consult", "stipend"],
            "per-consult.rate": [300],
            "per-consult.per_week": [25],
            "stipend.amount": [20000],
            "stipend.per": ["year"],
            "compensation.more": [True, False],
            "hours_per_week": [30],
            "licensing_support": ["yes"],
            "malpractice_covers_all_states": ["no"],
        }
    )
    answers = collect_offer(kb, ask, offer_answer_problem)
    assert "stipend.count_per_year" not in ask.asked  # not asked for a yearly stipend
    assert answers["compensation"] == [
        {"model": "per-consult", "rate": 300, "per_week": 25},
        {"model": "stipend", "amount": 20000, "per": "year"},
    ]
    assert answers["licensing_support"] is True
    assert answers["malpractice_covers_all_states"] is False
    assert "billing_explained" not in answers and "scope" not in answers and "benefits_value" not in answers
    path = tmp_path / "offer.yaml"
    path.write_text(offer_file_text(answers, ".yaml"), encoding="utf-8")
    loaded = load_offer(path, kb)
    result: Comparison = compare(kb, [(path, loaded), (HYBRID, load_offer(HYBRID, kb))], TODAY)
    assert result.offers[0].annual_cash == 300 * 25 * 48 + 20000


def test_offers_new_asks_again_for_a_figure_the_file_would_refuse(kb: KnowledgeBase) -> None:
    helps: list[str] = []

    script = ScriptedAsk(
        {
            "name": ["Nights"],
            "employment": ["independent"],
            "compensation.model": ["per-consult"],
            "per-consult.rate": [200],
            "per-consult.per_week": [0, 10],
            "compensation.more": [False],
            "weeks_per_year": [60, 46],
            "hours_per_week": [20],
        }
    )

    def ask(question: Any, default: Any) -> Any:
        if question.key in ("per-consult.per_week", "weeks_per_year"):
            helps.append(question.help)
        return script(question, default)

    answers = collect_offer(kb, ask, offer_answer_problem)
    assert answers["compensation"] == [{"model": "per-consult", "rate": 200, "per_week": 10}]
    assert answers["weeks_per_year"] == 46
    assert "Cannot use 0: must be more than 0 (got 0)." in helps
    assert "Cannot use 60: must be at most 52 (got 60)." in helps


def test_contract_terms_default_to_not_stated(kb: KnowledgeBase) -> None:
    ask = ScriptedAsk(
        {"name": ["Quiet"], "compensation.model": ["salary"], "salary.annual": [300000], "hours_per_week": [40]}
    )
    answers = collect_offer(kb, ask, offer_answer_problem)
    assert not any(term in answers for term in ("licensing_support", "billing_explained", "scope", "tail_coverage"))
    assert ask.defaults["billing_explained"] == "not-stated"


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
def test_offer_files_are_written_in_the_format_their_name_asks_for(
    kb: KnowledgeBase, tmp_path: Path, suffix: str
) -> None:
    answers = yaml.safe_load(REMOTE.read_text(encoding="utf-8"))
    path = tmp_path / f"offer{suffix}"
    path.write_text(offer_file_text(answers, suffix), encoding="utf-8")
    assert load_offer(path, kb) == load_offer(REMOTE, kb)
    assert "360000.0" not in path.read_text(encoding="utf-8")


def test_a_yearly_stipend_takes_no_count() -> None:
    with pytest.raises(ValueError, match="count_per_year applies only to stipends paid per shift, week or month"):
        offer(compensation=[{"model": "stipend", "amount": 100, "per": "year", "count_per_year": 3}])


def test_formulas_show_the_figures_they_use() -> None:
    line = component_line(
        offer(compensation=[{"model": "per-consult", "rate": 250, "per_week": 12.25}]).compensation[0], 48
    )
    assert line.formula == "$250 per consult × 12.25 a week × 48 weeks"
    assert line.yearly == 250 * 12.25 * 48


def test_contractors_are_not_asked_about_fte_and_unstated_nights_stay_unstated(kb: KnowledgeBase) -> None:
    result = compare(kb, [(HYBRID, load_offer(HYBRID, kb)), (REMOTE, load_offer(REMOTE, kb))], TODAY)
    hybrid, remote = result.offers
    assert "telehealth_counts_toward_fte" in [check.item for check in hybrid.checks]
    assert "telehealth_counts_toward_fte" not in [check.item for check in remote.checks]
    plain = offer(compensation=[{"model": "salary", "annual": 1}])
    assert plain.nights_weekends is None


def test_figures_too_large_for_any_offer_are_refused_not_overflowed(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "offer.yaml"
    data = {"name": "x", "employment": "employed", "hours_per_week": 40,
            "compensation": [{"model": "per-rvu", "rate": 1e300, "rvus_per_year": 1e300}]}  # fmt: skip
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        load_offer(path, kb)
    assert f"{path}: compensation[0].rate: must be at most 1e+09 (got 1e+300)" in caught.value.problems


def test_equal_pay_computed_two_ways_is_equal(kb: KnowledgeBase) -> None:
    salary = offer(compensation=[{"model": "salary", "annual": 110000}])
    rvus = offer(compensation=[{"model": "per-rvu", "rate": 1.1, "rvus_per_year": 100000}])
    result = compare(kb, [(Path("a.yaml"), salary), (Path("b.yaml"), rvus)], TODAY)
    assert result.offers[0].annual_cash == result.offers[1].annual_cash == 110000
    assert not any("annual cash" in text for o in result.offers for text in [*o.leads, *o.trails])


def test_open_terms_compare_shares_not_counts(kb: KnowledgeBase) -> None:
    employed = offer(employment="employed", compensation=[{"model": "salary", "annual": 1}])
    independent = offer(employment="independent", compensation=[{"model": "salary", "annual": 1}])
    result = compare(kb, [(Path("a.yaml"), employed), (Path("b.yaml"), independent)], TODAY)
    assert [len(o.checks) for o in result.offers] == [9, 8]
    assert not any("open contract terms" in text for o in result.offers for text in [*o.leads, *o.trails])


# --- offers new: applies, review, and the same words for the same bound -------------------------

CONTRACTOR: dict[str, list[Any]] = {
    "name": ["Platform"],
    "employment": ["independent"],
    "compensation.model": ["per-consult"],
    "per-consult.rate": [300],
    "per-consult.per_week": [25],
    "compensation.more": [False],
    "hours_per_week": [30],
}


def test_a_contractor_is_not_asked_about_fte_credit(kb: KnowledgeBase) -> None:
    ask = ScriptedAsk(CONTRACTOR)
    collect_offer(kb, ask, offer_answer_problem)
    assert "telehealth_counts_toward_fte" not in ask.asked
    employed = ScriptedAsk({**CONTRACTOR, "employment": ["employed"]})
    collect_offer(kb, employed, offer_answer_problem)
    assert "telehealth_counts_toward_fte" in employed.asked


def test_the_questionnaire_skips_the_terms_the_comparison_leaves_out(kb: KnowledgeBase) -> None:
    """The data's skip_if and the core's employed-only terms are one rule: keep them in step."""
    skipped = {q.key for q in kb.offer_questions.questions if q.skip_if.get("employment") == ["independent"]}
    assert skipped == EMPLOYED_ONLY


def test_the_review_changes_an_answer_and_asks_what_the_change_opens(kb: KnowledgeBase) -> None:
    ask = ScriptedAsk(
        {
            **CONTRACTOR,
            "employment": ["independent", "employed", "independent"],
            "hours_per_week": [30, 35],
            "telehealth_counts_toward_fte": ["yes"],
            REVIEW_KEY: ["hours_per_week", "employment", "employment", SAVE],
        }
    )
    answers = collect_offer(kb, ask, offer_answer_problem)
    assert answers["hours_per_week"] == 35
    assert ask.defaults["hours_per_week"] == 30  # the answer to change is offered as it was
    assert ask.asked.count("telehealth_counts_toward_fte") == 1  # asked once employed ...
    assert "telehealth_counts_toward_fte" not in answers  # ... and dropped once independent again
    assert answers["employment"] == "independent"


def test_the_review_lists_answers_as_every_view_shows_them(kb: KnowledgeBase) -> None:
    screens: list[Question] = []
    script = ScriptedAsk(
        {
            **CONTRACTOR,
            "employment": ["employed"],
            "compensation.model": ["salary"],
            "salary.annual": [450000],
            "salary.bonus_target": [40000],
            "weeks_per_year": [46],
            "benefits_value": [60000],
            "licensing_support": ["yes"],
            "telehealth_counts_toward_fte": ["no"],
            REVIEW_KEY: ["compensation", SAVE],
            "per-rvu.rate": [62.5],
            "per-rvu.rvus_per_year": [6000],
        }
    )

    def ask(question: Question, default: Any) -> Any:
        if question.key == REVIEW_KEY:
            screens.append(question)
            script.script["compensation.model"] = ["per-rvu"]
        return script(question, default)

    answers = collect_offer(kb, ask, offer_answer_problem)
    first = [choice.label for choice in screens[0].choices]
    assert first[0] == kb.offer_questions.review.save
    assert "Pay: salary $450,000 + bonus target $40,000 = $490,000" in first
    assert "Benefits a year: $60,000" in first
    assert "Weeks a year: 46" in first
    assert "Licensing support: Yes, in writing" in first
    assert "Telehealth counts toward FTE: No" in first
    assert "Billing explained: Not stated / don't know" in first
    second = [choice.label for choice in screens[1].choices]
    assert "Pay: $62.50 per RVU × 6,000 RVUs = $375,000" in second
    assert answers["compensation"] == [{"model": "per-rvu", "rate": 62.5, "rvus_per_year": 6000}]


class TypedAsk:
    """A fake ``ask`` that types text as a person would: what ``interpret`` refuses is refused at the
    prompt, as questionary's validation does, and typed again; every reason given is recorded."""

    def __init__(self, typed: dict[str, list[str]]) -> None:
        self.typed = {key: list(values) for key, values in typed.items()}
        self.reasons: dict[str, list[str]] = {}

    def __call__(self, question: Question, default: Any) -> Any:
        if question.help.startswith("Cannot use"):
            self.reasons.setdefault(question.key, []).append(question.help)
        while self.typed.get(question.key):
            try:
                return interpret(question, self.typed[question.key].pop(0))
            except IrteleError as error:
                self.reasons.setdefault(question.key, []).append(error.message)
        return default


def test_hours_of_minus_five_and_zero_are_refused_in_the_same_words(kb: KnowledgeBase) -> None:
    typed = {key: [str(values[0])] for key, values in CONTRACTOR.items() if key != "compensation.more"}
    ask = TypedAsk({**typed, "hours_per_week": ["-5", "0", "30"], "benefits_value": ["$1,500"]})
    answers = collect_offer(kb, ask, offer_answer_problem)
    assert ask.reasons["hours_per_week"] == [
        "Cannot use -5: must be more than 0 (got -5).",
        "Cannot use 0: must be more than 0 (got 0).",
    ]
    assert (answers["hours_per_week"], answers["benefits_value"]) == (30, 1500)


def test_an_amount_that_is_not_a_number_is_asked_again_with_the_reason(kb: KnowledgeBase) -> None:
    typed = {key: [str(values[0])] for key, values in CONTRACTOR.items() if key != "compensation.more"}
    ask = TypedAsk({**typed, "per-consult.rate": ["lots", "300"]})
    collect_offer(kb, ask, offer_answer_problem)
    assert ask.reasons["per-consult.rate"] == ["Cannot use lots: expected a number, got 'lots'."]


def test_a_folder_given_as_an_offer_is_named_as_a_folder(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["offers", "show", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: a directory, not a file\n"
