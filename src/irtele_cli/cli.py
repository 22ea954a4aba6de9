"""The command line: parse, call one core function, render, and map errors to exit codes."""

from __future__ import annotations

import sys
from contextvars import ContextVar
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from irtele_cli import __version__
from irtele_cli.conditions import PROFILE_FACTS
from irtele_cli.errors import IrteleError

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel

    from irtele_cli.knowledge import KnowledgeBase
    from irtele_cli.plan import Plan

_GLOBAL_KB: ContextVar[Path | None] = ContextVar("irtele_global_kb", default=None)
EXIT_USAGE = 2
EXIT_CANCELLED = 130
CONTEXT = {"help_option_names": ["-h", "--help"]}


class Funnel(TyperGroup):
    """The one exit funnel: a user error prints one message and exits 2; Ctrl-C prints one line, 130."""

    def invoke(self, ctx: Any) -> Any:  # click's Context, which typer keeps private
        try:
            result = super().invoke(ctx)
            sys.stdout.flush()  # a full disk or closed pipe shows up here, not after we have exited
            return result
        except IrteleError as error:
            _fail(error.message)
        except OSError as error:  # the system refused a file or the output: say which, not a traceback
            where = f"{error.filename}: " if error.filename else "cannot write the output: "
            _fail(f"{where}{error.strerror or error}")
        except (KeyboardInterrupt, EOFError):
            typer.echo("Cancelled.", err=True)
            raise typer.Exit(EXIT_CANCELLED) from None
        finally:
            if ctx.parent is None:
                _GLOBAL_KB.set(None)  # '--kb' before a command lasts for that command only


def _fail(message: str) -> NoReturn:
    for line in message.splitlines():
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _typer(help_text: str, **overrides: Any) -> typer.Typer:
    settings: dict[str, Any] = {
        "cls": Funnel,
        "help": help_text,
        "context_settings": CONTEXT,
        "no_args_is_help": True,
        "add_completion": False,
        "pretty_exceptions_enable": False,
        "rich_markup_mode": None,
    }
    return typer.Typer(**{**settings, **overrides})


app = _typer(
    "Plan a career in interventional radiology that includes telemedicine.\n\n"
    "Career information, not legal, financial or medical advice."
)
roles_app = _typer(
    "Browse the telehealth roles open to interventional radiologists.",
    no_args_is_help=False,
    invoke_without_command=True,
)
kb_app = _typer("Check a knowledge base, or print the JSON Schema of its files.")
offers_app = _typer("Write down job offers and compare them in money, time and open contract terms.")
app.add_typer(roles_app, name="roles")
app.add_typer(offers_app, name="offers")
app.add_typer(kb_app, name="kb")


class Format(StrEnum):
    text = "text"
    json = "json"


KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb",
        help="Knowledge-base directory to use instead of the bundled one (also: IRTELE_KB).",
        show_default=False,
        file_okay=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", help="Output as text or JSON.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"irtele {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    kb: KbOption = None,
) -> None:
    """Plan a career in interventional radiology that includes telemedicine."""
    _GLOBAL_KB.set(kb)  # '--kb DIR' before the command: used where the command has no --kb of its own


def _kb_dir(option: Path | None) -> Path:
    """The command's --kb, else the one before the command, else IRTELE_KB, else the bundled one."""
    from irtele_cli.knowledge import resolve_kb_dir

    return resolve_kb_dir(option or _GLOBAL_KB.get())


def _knowledge(kb_dir: Path | None) -> KnowledgeBase:
    from irtele_cli.knowledge import load_knowledge_base

    return load_knowledge_base(_kb_dir(kb_dir))


def _given(**flags: Any) -> dict[str, Any]:
    """The answer flags the user actually passed, keyed by their answers-file keys."""
    return {key: value for key, value in flags.items() if value is not None}


def _print_json(text: str) -> None:
    sys.stdout.write(text + "\n")


@roles_app.callback()
def roles(ctx: typer.Context, kb: KbOption = None, format: FormatOption = Format.text) -> None:
    """List every telehealth role: id, title, job type, telehealth share and schedule."""
    if ctx.invoked_subcommand is not None:
        return
    knowledge = _knowledge(kb)
    if format is Format.json:
        from irtele_cli.knowledge import json_list

        _print_json(json_list(knowledge.roles))
        return
    from irtele_cli.catalog import role_rows
    from irtele_cli.render.terminal import console, roles_table

    console().print(roles_table(role_rows(knowledge)))


@roles_app.command("show")
def roles_show(
    ctx: typer.Context,
    role_id: Annotated[str, typer.Argument(metavar="ID", help="A role id, as listed by 'irtele roles'.")],
    kb: KbOption = None,
    format: FormatOption = Format.text,
) -> None:
    """Everything about one role: what it is, a typical week, what it asks of you, and sources."""
    from irtele_cli.knowledge import find_role

    group = ctx.parent.params if ctx.parent else {}  # 'irtele roles --kb DIR --format json show ID' works too
    kb = kb or group.get("kb")
    format = format if format is not Format.text else group.get("format", Format.text)

    knowledge = _knowledge(kb)
    role = find_role(knowledge, role_id)
    if format is Format.json:
        _print_json(role.model_dump_json(indent=2))
        return
    from irtele_cli.catalog import role_view
    from irtele_cli.render.terminal import console, role_detail

    console().print(role_detail(role_view(knowledge, role)))


@app.command("faq")
def faq(kb: KbOption = None, format: FormatOption = Format.text) -> None:
    """Frequently asked questions about telemedicine in an IR career."""
    knowledge = _knowledge(kb)
    if format is Format.json:
        from irtele_cli.knowledge import json_list

        _print_json(json_list(knowledge.faq))
        return
    from irtele_cli.catalog import outlook
    from irtele_cli.render.terminal import console, faq_view

    console().print(faq_view(knowledge, outlook(knowledge)))


@kb_app.command("validate")
def kb_validate(
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Knowledge-base directory (default: --kb, IRTELE_KB or the bundled one).", show_default=False
        ),
    ] = None,
) -> None:
    """Check every file of a knowledge base and say what it holds; problems exit with code 2."""
    from irtele_cli.knowledge import summary

    path = _kb_dir(directory)
    knowledge = _knowledge(path)
    typer.echo(f"{path}: valid knowledge base with {summary(knowledge)}.")


@kb_app.command("schema")
def kb_schema(
    file: Annotated[
        str | None,
        typer.Option("--file", help="Print the schema of one file only, e.g. 'roles' or 'checklist.yaml'."),
    ] = None,
) -> None:
    """Print the JSON Schema of the knowledge-base files, for editors that validate YAML."""
    from irtele_cli.knowledge import json_schema

    _print_json(json_schema(file))


class PlanFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def _choices(name: str) -> str:
    return ", ".join(str(value) for value in PROFILE_FACTS[name] or ())


def _flag(help_text: str, *names: str, metavar: str = "VALUE") -> Any:
    return typer.Option(*names, help=help_text, show_default=False, metavar=metavar)


# Options shared by plan, licensing and offers compare: one definition each, the same everywhere.
AnswersOption = Annotated[
    Path | None, typer.Option("--answers", help="Answers file (YAML, TOML or JSON).", dir_okay=False)
]
HomeFlag = Annotated[
    str | None, _flag("State you live or mainly practice in (code or name).", "--home", metavar="STATE")
]
LicensedFlag = Annotated[
    str | None, _flag("States with a full license, comma-separated: TX,CA.", "--licensed", metavar="STATES")
]
TargetFlag = Annotated[
    str | None, _flag("States where you want to see patients, comma-separated.", "--target", metavar="STATES")
]
BoardFlag = Annotated[bool | None, _flag("Board certified or not.", "--board-certified/--not-board-certified")]
MaxLicensesFlag = Annotated[
    int | None, _flag("State licenses you are willing to hold in all.", "--max-licenses", metavar="N")
]
PlanFormatOption = Annotated[PlanFormat, typer.Option("--format", help="Print as text, markdown or json.")]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Also write the result as Markdown to FILE.", dir_okay=False)
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the files named by the options above.")]


@app.command("plan")
def plan(
    answers: AnswersOption = None,
    stage: Annotated[
        str | None,
        _flag(f"Training stage: {_choices('stage')}.", "--stage"),
    ] = None,
    home_state: HomeFlag = None,
    licensed_states: LicensedFlag = None,
    board_certified: BoardFlag = None,
    target_states: TargetFlag = None,
    max_licenses: MaxLicensesFlag = None,
    telehealth_share: Annotated[
        str | None, _flag(f"One of: {_choices('telehealth_share')}.", "--telehealth-share")
    ] = None,
    procedures: Annotated[str | None, _flag(f"One of: {_choices('procedures')}.", "--procedures")] = None,
    schedule: Annotated[
        str | None, _flag(f"Comma-separated, of: {_choices('schedule')}.", "--schedule", metavar="SLOTS")
    ] = None,
    employment: Annotated[str | None, _flag(f"One of: {_choices('employment')}.", "--employment")] = None,
    diagnostic_reading: Annotated[
        str | None, _flag(f"One of: {_choices('diagnostic_reading')}.", "--diagnostic-reading")
    ] = None,
    priorities: Annotated[
        str | None,
        _flag(f"Up to three of: {_choices('priorities')}.", "--priorities", metavar="PRIORITIES"),
    ] = None,
    liability_comfort: Annotated[
        str | None, _flag(f"One of: {_choices('liability_comfort')}.", "--liability-comfort")
    ] = None,
    screen_tolerance: Annotated[
        str | None, _flag(f"One of: {_choices('screen_tolerance')}.", "--screen-tolerance")
    ] = None,
    no_input: Annotated[bool, typer.Option("--no-input", help="Never ask; fail if answers are missing.")] = False,
    top: Annotated[
        int, typer.Option("--top", min=1, metavar="N", help="How many top matches get a detailed panel.")
    ] = 3,
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    save_answers: Annotated[
        Path | None,
        typer.Option("--save-answers", help="Write the answers to FILE (.yaml, .toml, .json).", dir_okay=False),
    ] = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """Answer a few questions and get the roles that fit you, a preparation plan and a contract checklist."""
    from irtele_cli.planning import PlanRequest, offer_exports, run_plan
    from irtele_cli.questionnaire import questionary_ask

    flags = _given(
        stage=stage, home_state=home_state, licensed_states=licensed_states, board_certified=board_certified,
        target_states=target_states, max_licenses=max_licenses, telehealth_share=telehealth_share,
        procedures=procedures, schedule=schedule, employment=employment, diagnostic_reading=diagnostic_reading,
        priorities=priorities, liability_comfort=liability_comfort, screen_tolerance=screen_tolerance,
    )  # fmt: skip
    request = PlanRequest(
        answers_file=answers,
        flags=flags,
        top=top,
        output=output,
        save_answers=save_answers,
        force=force,
    )
    interactive = not no_input and sys.stdin.isatty() and sys.stdout.isatty()
    ask = questionary_ask if interactive else None
    result, asked, written = run_plan(_knowledge(kb), request, ask)
    _show_plan(result, format)
    if asked and ask is not None:
        written += offer_exports(result, request, ask)
    for path in written:
        typer.echo(f"Wrote {path}", err=True)


@app.command("licensing")
def licensing(
    answers: AnswersOption = None,
    home_state: HomeFlag = None,
    licensed_states: LicensedFlag = None,
    target_states: TargetFlag = None,
    board_certified: BoardFlag = None,
    max_licenses: MaxLicensesFlag = None,
    teleradiology: Annotated[
        bool | None, _flag("Your reads cross state lines (adds where you read).", "--teleradiology/--no-teleradiology")
    ] = None,
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """Where you need a license, whether the compact can speed it up, and what to check."""
    import datetime as dt

    from irtele_cli.licensing import licensing_input, pathway

    given = _given(
        home_state=home_state, licensed_states=licensed_states, target_states=target_states,
        board_certified=board_certified, max_licenses=max_licenses, teleradiology=teleradiology,
    )  # fmt: skip
    _emit(
        lambda: pathway(_knowledge(kb), licensing_input(answers, given), dt.date.today()),
        format, output, force, "pathway_markdown", "pathway_view",
    )  # fmt: skip


@offers_app.command("compare")
def offers_compare(
    files: Annotated[list[Path], typer.Argument(metavar="OFFER", help="Two or more offer files (YAML, TOML or JSON).")],
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """Offers side by side: pay per year and per hour, schedule, and the contract terms still open."""
    import datetime as dt

    from irtele_cli.errors import DocumentError
    from irtele_cli.offers import Comparison, compare, load_offer

    def comparison() -> Comparison:
        knowledge = _knowledge(kb)
        loaded, problems = [], []
        for path in files:
            try:
                loaded.append((path, load_offer(path, knowledge)))
            except DocumentError as error:
                problems += error.problems  # every bad file at once, not only the first
        if problems:
            raise DocumentError(problems)
        return compare(knowledge, loaded, dt.date.today())

    _emit(comparison, format, output, force, "comparison_markdown", "comparison_view")


@offers_app.command("new")
def offers_new(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the offer to FILE instead of asking.", dir_okay=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --output file.")] = False,
    kb: KbOption = None,
) -> None:
    """Answer questions about one offer and save it as a file for 'irtele offers compare'."""
    from irtele_cli.offers import offer_answer_problem, offer_file_text, suggested_offer_file
    from irtele_cli.output import refuse_overwrite, write_atomically
    from irtele_cli.planning import data_file_name_problem
    from irtele_cli.questionnaire import choose_path, collect_offer, questionary_ask

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise IrteleError(
            "'irtele offers new' asks questions and needs an interactive terminal; "
            "or write the offer file yourself (see the README's offer file keys)"
        )
    if output is not None:
        refuse_overwrite(output, force)
        if problem := data_file_name_problem(str(output)):
            raise IrteleError(f"--output: {problem}")
    answers = collect_offer(_knowledge(kb), questionary_ask, offer_answer_problem)
    target = output or Path(
        choose_path(questionary_ask, "the offer", suggested_offer_file(answers["name"]), data_file_name_problem)
    )
    write_atomically(target, offer_file_text(answers, target.suffix.lower()), force=True if output is None else force)
    typer.echo(f"Wrote {target}. Compare it with: irtele offers compare {target} OTHER.yaml", err=True)


def _emit(
    compute: Callable[[], BaseModel], format: PlanFormat, output: Path | None, force: bool, markdown: str, view: str
) -> None:
    """Refuse an existing --output first, then compute, print as text, Markdown or JSON, and write the file.

    ``markdown`` and ``view`` name renderers in render.markdown and render.terminal; naming them keeps
    Rich unimported unless the terminal view is wanted.
    """
    from irtele_cli.output import refuse_overwrite, write_atomically
    from irtele_cli.render import markdown as markdown_renderers

    if output is not None:
        refuse_overwrite(output, force)
    result = compute()
    if format is PlanFormat.json:
        _print_json(result.model_dump_json(indent=2))
    elif format is PlanFormat.markdown:
        sys.stdout.write(getattr(markdown_renderers, markdown)(result))
    else:
        from irtele_cli.render import terminal

        terminal.console().print(getattr(terminal, view)(result))
    if output is not None:
        write_atomically(output, getattr(markdown_renderers, markdown)(result), force)
        typer.echo(f"Wrote {output}", err=True)


def _show_plan(result: Plan, format: PlanFormat) -> None:
    if format is PlanFormat.json:
        _print_json(result.model_dump_json(indent=2))
    elif format is PlanFormat.markdown:
        from irtele_cli.render.markdown import plan_markdown

        sys.stdout.write(plan_markdown(result))
    else:
        from irtele_cli.render.terminal import console, plan_view

        console().print(plan_view(result))


def main() -> None:
    """Console-script entry point."""
    app(prog_name="irtele")
