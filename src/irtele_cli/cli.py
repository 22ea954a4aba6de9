"""The command line: parse, call one core function, render, and map errors to exit codes.

The only module that imports Typer. Everything else is imported inside the command that needs it, so
``--help`` and each command load no more than they use.
"""

import contextlib
import copy
import functools
import inspect
import os
import signal
import sys
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperGroup

from irtele_cli import VERSION_LINE, __version__, flags
from irtele_cli.errors import Cancelled, IrteleError, interruption, printable, signalled

if TYPE_CHECKING:
    from pydantic import BaseModel
    from typer.models import CommandInfo

    from irtele_cli.core.plan import Plan
    from irtele_cli.flows.files import FileRequest, Kind
    from irtele_cli.flows.questionnaire import Ask
    from irtele_cli.render.markdown import Document
    from irtele_cli.render.terminal import View
    from irtele_cli.schema.knowledge import KnowledgeBase

GIVEN = frozenset({"COMMANDLINE", "ENVIRONMENT", "PROMPT"})  # click's ParameterSource names (typer vendors click)
EXIT_USAGE = 2
EXIT_CANCELLED = 130
CONTEXT = {"help_option_names": ["-h", "--help"]}
PROG = "irtele"
NO_BREAK_HYPHEN = "\u2011"  # stands in for '-' while help is wrapped, so 'dr-resident' stays whole


_ClickFormatter: Any = typer.Context.formatter_class  # click's, whichever click this Typer brings


class HelpFormatter(_ClickFormatter):  # type: ignore[misc]
    """Click's help formatter, except that it never breaks a line at a hyphen ('dr-' / 'resident')."""

    def write_text(self, text: str) -> None:
        super().write_text(text.replace("-", NO_BREAK_HYPHEN))

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        super().write_dl([(first, second.replace("-", NO_BREAK_HYPHEN)) for first, second in rows], *args, **kwargs)

    def write(self, string: str) -> None:
        super().write(string.replace(NO_BREAK_HYPHEN, "-"))


class HelpContext(typer.Context):
    formatter_class = HelpFormatter


def first_paragraph(text: str | None) -> str:
    """A command's whole one-line description: the first paragraph of its help, on one line."""
    return " ".join((text or "").strip().split("\n\n")[0].split())


class Funnel(TyperGroup):
    """The one exit funnel: a user error prints one message and exits 2; Ctrl-C prints one line, 130.

    Usage errors (an unknown option, a bad value) come here too, as one ``error:`` line and a hint;
    a closed pipe is no error (exit 0, nothing said), as for ripgrep. It is also where every command gets
    its help's settings: the whole first line of its docstring in the command list (click would cut it at
    45 characters) and a formatter that does not break values at hyphens.
    """

    context_class = HelpContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            command.short_help = command.short_help or first_paragraph(command.help)
            command.context_class = HelpContext

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        prepare_streams()
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
            sys.stdout.flush()
        except BrokenPipeError:
            code = _pipe_closed()
        except KeyboardInterrupt:
            code = _cancelled()
        except OSError as error:  # the output itself failed (a full disk): say so, not a traceback
            code = _fail(f"cannot write the output: {error.strerror or error}")
        except Exception as error:  # click's usage errors, whatever click a Typer version brings
            if not (hasattr(error, "format_message") and hasattr(error, "exit_code")):
                raise
            code = _usage_error(error)
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        """A shell asking for completions (``_IRTELE_COMPLETE=complete_bash``): Typer's shell classes answer,
        whose protocol the scripts of 'irtele completion' speak; click's own would answer in another."""
        from typer.completion import completion_init  # type: ignore[attr-defined]  # Typer's own, not re-exported

        completion_init()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Parsing the command line; Ctrl-C here would otherwise leave without a word."""
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            raise typer.Exit(_cancelled()) from None

    def invoke(self, ctx: Any) -> Any:  # click's Context, which typer keeps private
        try:
            return super().invoke(ctx)
        except IrteleError as error:
            if isinstance(error, Cancelled):  # left on purpose, with something to say: not an error
                _say(error.message)
                raise typer.Exit(EXIT_CANCELLED) from None
            if (signum := signalled()) is not None:  # the signal's doing, not the input's (see errors.signalled)
                raise typer.Exit(_cancelled() if signum == signal.SIGINT else 128 + signum) from None
            raise typer.Exit(_fail(error.message)) from None
        except BrokenPipeError:
            raise typer.Exit(_pipe_closed()) from None
        except OSError as error:  # the system refused a file: say which, not a traceback
            where = f"{error.filename}: " if error.filename else "cannot write the output: "
            raise typer.Exit(_fail(f"{where}{error.strerror or error}")) from None
        except (KeyboardInterrupt, EOFError):
            raise typer.Exit(_cancelled()) from None
        except typer.Exit:  # a RuntimeError too: a subcommand group's funnel has already said it
            raise
        except RuntimeError as error:  # a signal during a lazy import, wrapped by Python 3.11
            signal_error = interruption(error)
            if isinstance(signal_error, SystemExit):
                raise signal_error from None
            if signal_error is None:
                raise
            raise typer.Exit(_cancelled()) from None


MAX_PROBLEMS = 20
"""At most this many problems are listed; the rest are counted, so one bad file never floods the screen."""


def _say(line: str) -> None:
    """One line to stderr, escaped; a stderr that cannot be written (a full disk) loses it, not the exit code."""
    try:
        sys.stderr.write(printable(line) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _fail(message: str) -> int:
    lines = message.splitlines() or [message]
    for line in lines[:MAX_PROBLEMS]:
        _say(f"error: {line}")
    if len(lines) > MAX_PROBLEMS:
        _say(f"error: ... and {len(lines) - MAX_PROBLEMS} more problems")
    return EXIT_USAGE


def _cancelled() -> int:
    _say("Cancelled.")
    return EXIT_CANCELLED


def _pipe_closed() -> int:
    """The reader went away (``irtele plan | head``): stop quietly, and keep Python from complaining at exit."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _usage_error(error: Any) -> int:
    if type(error).__name__ == "NoArgsIsHelpError":  # 'irtele', 'irtele offers': the help, as it is (click's class)
        for line in error.format_message().splitlines():
            _say(line)
        return EXIT_USAGE
    context = getattr(error, "ctx", None)
    _fail(error.format_message().replace("Value error, ", ""))
    if context is not None:
        _say(f"hint: see '{context.command_path} --help'")
    return EXIT_USAGE if error.exit_code == 2 else int(error.exit_code)


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


class PlanFormat(StrEnum):
    text = "text"
    markdown = "markdown"
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
PlanFormatOption = Annotated[PlanFormat, typer.Option("--format", help="Print as text, markdown or json.")]
AnswersOption = Annotated[
    Path | None, typer.Option("--answers", help="Answers file (YAML, TOML or JSON).", dir_okay=False)
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Also write the result as Markdown to FILE.", dir_okay=False)
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite the files named by the options above.")]
AccessibleOption = Annotated[
    bool,
    typer.Option(
        "--accessible",
        help="Plain numbered prompts and output without boxes or bars, for screen readers "
        "(also: IRTELE_ACCESSIBLE=1, ACCESSIBLE=1, TERM=dumb).",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(VERSION_LINE)
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
    kb: KbOption = None,
) -> None:
    """Plan a career in interventional radiology that includes telemedicine."""


def _option(ctx: typer.Context, name: str) -> Any:
    """An option as given on the nearest level that has it: the command's own, else its group's.

    Click records where each value came from, so 'irtele --kb DIR roles show ID' and
    'irtele roles show ID --kb DIR' mean the same; a default never hides a value given above.
    """
    level: Any = ctx
    while level is not None:
        source = level.get_parameter_source(name) if name in level.params else None
        if getattr(source, "name", None) in GIVEN:
            return level.params[name]
        level = level.parent
    return ctx.params.get(name)


def _kb_dir(ctx: typer.Context, given: Path | None = None) -> Path:
    """An argument naming the directory, else --kb at any level, else IRTELE_KB, else the bundled one."""
    from irtele_cli.load.knowledge import resolve_kb_dir

    option = given if given is not None else _option(ctx, "kb")
    return resolve_kb_dir(Path(option) if option is not None else None)


def _knowledge(ctx: typer.Context) -> "KnowledgeBase":
    from irtele_cli.load.knowledge import load_knowledge_base

    return load_knowledge_base(_kb_dir(ctx))


F = TypeVar("F", bound=Callable[..., Any])


def answer_options(table: tuple[tuple[str, str, str, str, str], ...]) -> Callable[[F], F]:
    """Add one option per answer of a table in ``flags.py`` (generated from the answers model's fields).

    The command receives the options the user gave as ``flags``, keyed by their answers-file keys.
    """

    def option(key: str, names: str, kind: str, metavar: str, help_text: str) -> Any:
        python_type: Any = bool | None if kind == "confirm" else str | None  # numbers: see whole_number
        completes = answer_completion(key, kind)
        return Annotated[
            python_type,
            typer.Option(names, help=help_text, show_default=False, metavar=metavar, autocompletion=completes),
        ]

    numbers = {key: names for key, names, kind, *_ in table if kind == "number"}
    keys = [key for key, *_ in table]

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            given = {key: kwargs.pop(key) for key in keys}
            flags = {key: value for key, value in given.items() if value is not None}
            flags |= {key: whole_number(numbers[key], flags[key]) for key in numbers if key in flags}
            return command(*args, flags=flags, **kwargs)

        params = [p for p in inspect.signature(command).parameters.values() if p.name != "flags"]
        added = [
            inspect.Parameter(key, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=option(key, *rest))
            for key, *rest in table
        ]
        after = next(index for index, param in enumerate(params) if param.name == "answers") + 1
        signature = inspect.Signature([*params[:after], *added, *params[after:]])
        wrapper.__signature__ = signature  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        return wrapper  # type: ignore[return-value]

    return decorate


Candidates = list[tuple[str, str]]
"""Shell completion candidates: (value, what it is); zsh and fish show the second, bash only the first."""


def answer_completion(key: str, kind: str) -> Callable[[str], Candidates] | None:
    """What an answer option completes: state codes, or the values its model admits (``flags.CHOICES``).

    Lists ('TX,C', 'income,te') complete the part after the last comma and leave out what is already there.
    """
    if kind not in ("state", "states") and key not in flags.CHOICES:
        return None
    many = kind in ("states", "checkbox")

    def complete(incomplete: str) -> Candidates:  # Typer passes what is typed by the parameter's name and type
        if kind in ("state", "states"):
            from irtele_cli.schema.states import STATES

            return _complete_values(STATES, many, incomplete)
        return _complete_values(dict.fromkeys(flags.CHOICES[key], ""), many, incomplete)

    return complete


def _complete_values(values: Mapping[str, str], many: bool, incomplete: str) -> Candidates:
    """Values that start with what is typed, in the case it is typed in ('t' -> 'tx', which the answers accept)."""
    head, comma, typed = incomplete.rpartition(",") if many else ("", "", incomplete)
    given = {part.strip().lower() for part in head.split(",")}
    return [
        (f"{head}{comma}{value.lower() if typed.islower() else value}", about)
        for value, about in values.items()
        if value.lower() not in given and value.lower().startswith(typed.lower())
    ]


def complete_role_id(ctx: typer.Context, incomplete: str) -> Candidates:
    """Role ids from the knowledge base in use (--kb, IRTELE_KB or the bundled one), loaded only to complete."""
    try:
        roles = _knowledge(ctx).roles
    except (IrteleError, OSError):  # a broken knowledge base completes nothing; the command will say why
        return []
    return [(role.id, role.title) for role in roles if role.id.startswith(incomplete)]


def whole_number(flag: str, value: str) -> int:
    """A flag's whole number as typed in ASCII digits; anything else is named back to the user."""
    if value.isascii() and value.isdecimal():
        return int(value)
    raise IrteleError(f"{flag}: expected a whole number such as 3, got '{value}'")


@roles_app.callback()
def roles(ctx: typer.Context, kb: KbOption = None, format: FormatOption = Format.text) -> None:
    """List every telehealth role: id, title, job type, telehealth share and schedule."""
    if ctx.invoked_subcommand is not None:
        return
    knowledge = _knowledge(ctx)
    if format is Format.json:
        _print_json(knowledge.roles)
        return
    from irtele_cli.core.catalog import roles_view

    _show(roles_view(knowledge))


@roles_app.command("show")
def roles_show(
    ctx: typer.Context,
    role_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="A role id, as listed by 'irtele roles'.", autocompletion=complete_role_id),
    ],
    kb: KbOption = None,
    format: FormatOption = Format.text,
) -> None:
    """Everything about one role: what it is, a typical week, what it asks of you, and sources."""
    from irtele_cli.load.knowledge import find_role

    knowledge = _knowledge(ctx)
    role = find_role(knowledge, role_id)
    if Format(_option(ctx, "format")) is Format.json:
        _print_json(role)
        return
    from irtele_cli.core.catalog import role_view

    _show(role_view(knowledge, role))


@app.command("faq")
def faq(ctx: typer.Context, kb: KbOption = None, format: FormatOption = Format.text) -> None:
    """Frequently asked questions about telemedicine in an IR career."""
    knowledge = _knowledge(ctx)
    if format is Format.json:
        _print_json(knowledge.faq)
        return
    from irtele_cli.core.catalog import faq_view

    _show(faq_view(knowledge))


@kb_app.command("validate")
def kb_validate(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Knowledge-base directory (default: --kb, IRTELE_KB or the bundled one).", show_default=False
        ),
    ] = None,
) -> None:
    """Check every file of a knowledge base and say what it holds; problems exit with code 2."""
    from irtele_cli.load.knowledge import load_knowledge_base, summary

    path = _kb_dir(ctx, directory)
    typer.echo(f"{path}: valid knowledge base with {summary(load_knowledge_base(path, snapshot=False))}.")


@kb_app.command("schema")
def kb_schema(
    file: Annotated[
        str | None,
        typer.Option("--file", help="Print the schema of one file only, e.g. 'roles' or 'checklist.yaml'."),
    ] = None,
) -> None:
    """Print the JSON Schema of the knowledge-base files, for editors that validate YAML."""
    from irtele_cli.load.knowledge import json_schema

    sys.stdout.write(json_schema(file) + "\n")


@app.command("plan")
@answer_options(flags.PLAN)
def plan(
    ctx: typer.Context,
    flags: dict[str, Any],
    answers: AnswersOption = None,
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
    ilp: Annotated[
        Path | None,
        typer.Option(
            "--ilp",
            metavar="FILE",
            dir_okay=False,
            help="Also write a one-page individual learning plan (Markdown) to FILE; with --update, "
            "its ticked items are the activities done.",
        ),
    ] = None,
    force: ForceOption = False,
    what_if: Annotated[
        list[str] | None,
        typer.Option(
            "--what-if",
            metavar="KEY=VALUE",
            help="Build the plan with this answer changed and show what the change does; repeatable.",
        ),
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option(
            "--update",
            metavar="PLAN",
            dir_okay=False,
            help="Rebuild a kept plan file from its own answers (changed by --answers, flags, --what-if); "
            "ticks, notes and your own text are kept.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --update: say what would change; write nothing.")
    ] = False,
    full: Annotated[bool, typer.Option("--full", help="Print every section, not the summary.")] = False,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page the output (also: IRTELE_PAGER=cat).")
    ] = False,
    section: Annotated[
        list[str] | None,
        typer.Option(
            "--section",
            metavar="NAME",
            help="Print just this section (repeatable): "
            "matches, preparation, checklist, licensing, lifestyle, sources.",
        ),
    ] = None,
    accessible: AccessibleOption = False,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start the questions afresh: delete answers kept from a run you left.")
    ] = False,
    kb: KbOption = None,
) -> None:
    """Answer a few questions and get the roles that fit you, a preparation plan and a contract checklist."""
    from irtele_cli.core.plan import make_plan
    from irtele_cli.flows.gather import PlanRequest, gather_profile, offer_exports, parse_what_if
    from irtele_cli.load.answers import dump_answers

    if dry_run and update is None:
        raise IrteleError("--dry-run goes with --update FILE: it says what an update would change")
    if update is not None:
        ilp_files = _ilp_request(ilp, force, [update, output, save_answers])
        _update(
            ctx, update, answers, flags, parse_what_if(what_if or []), top, dry_run, output or save_answers, ilp_files
        )
        return
    ilp_files = _ilp_request(ilp, force, [output, save_answers])
    request = PlanRequest(
        answers_file=answers, flags=flags, top=top, output=output, save_answers=save_answers, force=force, fresh=fresh
    )
    plain = _accessible(accessible)
    ask = _asker(plain) if not no_input and _interactive() else None
    knowledge = _knowledge(ctx)
    trials = parse_what_if(what_if or [])
    profile, asked = gather_profile(knowledge, request, ask, trials, note=_note)
    result = make_plan(knowledge, profile, top=request.top)
    if asked:
        from irtele_cli.flows.draft import discard_draft

        discard_draft()
    if trials:
        result = _with_what_if(knowledge, result, trials, request.top)
    shown = _sections(full, section or [])
    texts: dict[Kind, Callable[[Path], str]] = {
        "answers": lambda path: dump_answers(profile, path.suffix.lower())  # the answers, never a trial change
    }
    texts["ilp"] = _ilp_text(knowledge, result, output)
    written = _write(result, [*request.files, *ilp_files], texts)
    _print(result, format, shown, None if plain else _pager(no_pager), plain)
    if asked and ask is not None:
        written += _write(result, offer_exports(request, ask), texts)
    _announce(written)


@app.command("progress")
def progress_command(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN", help="A plan file written by 'irtele plan -o FILE'.")],
    format: FormatOption = Format.text,
) -> None:
    """How far a kept plan has come: items done per section, what is next, and the plan's date."""
    from irtele_cli.core.plan import SCHEMA_VERSION
    from irtele_cli.flows.keep import progress, read_plan

    view = progress(read_plan(plan_file, SCHEMA_VERSION))
    if format is Format.json:
        _print_json(view)
    else:
        _show(view)


class CohortFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@app.command("cohort")
def cohort(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Plan files ('irtele plan -o'), answers files, or folders of them: one trainee each.",
        ),
    ],
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Read folders inside the folders too.")] = False,
    format: Annotated[
        CohortFormat, typer.Option("--format", help="Print as text, markdown, csv (a row per trainee) or json.")
    ] = CohortFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """A program's view across its trainees: stages, top roles, hard limits, open preparation and progress.

    Files that cannot be read are listed after the report, which is made from the rest; then the exit status is 2.
    """
    from irtele_cli.core.cohort import cohort_view
    from irtele_cli.flows.cohort import read_cohort

    files = _output_file(output, force)
    trainees, unreadable = read_cohort(paths, recursive)
    if not trainees and not unreadable:  # an empty folder is a mistake to hear about, not an empty report
        named = ", ".join(str(path) for path in paths)
        raise IrteleError(f"no plan or answers files in {named}; give plan files ('irtele plan -o'), answers files "
                          "or folders of them (--recursive for subfolders)")  # fmt: skip
    view = cohort_view(_knowledge(ctx), trainees, unreadable)
    written = _write(view, files, {})
    if format is CohortFormat.csv:
        from irtele_cli.render.csv import cohort_csv

        sys.stdout.write(cohort_csv(view))
        for item in view.unreadable:
            _say(f"{item.file}: {item.reason}")
    else:
        _print(view, PlanFormat(format.value))
    _announce(written)
    if view.unreadable:
        read = view.total + len(view.unreadable)
        raise typer.Exit(_fail(f"{len(view.unreadable)} of {read} files could not be read; the report leaves them out"))


@app.command("checklist")
def checklist_command(
    ctx: typer.Context,
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role",
            metavar="ID",
            help="A role id (repeatable); every item when none.",
            autocompletion=complete_role_id,
        ),
    ] = None,
    offer: Annotated[
        Path | None,
        typer.Option(
            "--offer", dir_okay=False, help="An offer file: mark each term it answers met, not met or not stated."
        ),
    ] = None,
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """The contract checklist on its own: why each item matters and what to ask, for chosen roles or all."""
    import datetime as dt

    from irtele_cli.core.checklist import checklist_view
    from irtele_cli.load.knowledge import find_role
    from irtele_cli.load.offers import load_offer

    files = _output_file(output, force)
    knowledge = _knowledge(ctx)
    roles = [find_role(knowledge, role_id).id for role_id in role or []]
    loaded = (offer, load_offer(offer, knowledge)) if offer is not None else None
    _deliver(checklist_view(knowledge, list(dict.fromkeys(roles)), loaded, dt.date.today()), format, files)


@app.command("licensing")
@answer_options(flags.LICENSING)
def licensing(
    ctx: typer.Context,
    flags: dict[str, Any],
    answers: AnswersOption = None,
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """Where you need a license, whether the compact can speed it up, and what to check."""
    import datetime as dt

    from irtele_cli.core.licensing import pathway
    from irtele_cli.load.answers import licensing_input

    if answers is None and not flags:
        raise IrteleError(_licensing_needs())
    files = _output_file(output, force)
    _deliver(pathway(_knowledge(ctx), licensing_input(answers, flags), dt.date.today()), format, files)


def _licensing_needs() -> str:
    """What 'irtele licensing' says when given nothing to check, naming its flags from the generated table."""
    names = ", ".join(names.split("/")[0] for _, names, *_ in flags.LICENSING)
    return (
        f"nothing to check: give your licenses and target states as flags ({names}) or an answers file "
        "(--answers FILE; a plan's answers file works), e.g. "
        "irtele licensing --home TX --licensed TX --target OK,NY --board-certified"
    )


@offers_app.command("compare")
def offers_compare(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="OFFER", help="Offer files (YAML, TOML or JSON); one alone is shown as 'irtele offers show' does."
        ),
    ],
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """Offers side by side: pay per year and per hour, schedule, and the contract terms still open."""
    import datetime as dt

    from irtele_cli.core.offers import compare_or_show
    from irtele_cli.load.offers import load_offers

    requested = _output_file(output, force)
    knowledge = _knowledge(ctx)
    _deliver(compare_or_show(knowledge, load_offers(files, knowledge), dt.date.today()), format, requested)


@offers_app.command("show")
def offers_show(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="OFFER", help="An offer file (YAML, TOML or JSON).")],
    format: PlanFormatOption = PlanFormat.text,
    output: OutputOption = None,
    force: ForceOption = False,
    kb: KbOption = None,
) -> None:
    """One offer: its pay per year and per hour, hours, and the contract terms still open."""
    import datetime as dt

    from irtele_cli.core.offers import show_offer
    from irtele_cli.load.offers import load_offer

    requested = _output_file(output, force)
    knowledge = _knowledge(ctx)
    _deliver(show_offer(knowledge, file, load_offer(file, knowledge), dt.date.today()), format, requested)


@offers_app.command("new")
def offers_new(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the offer to FILE instead of asking.", dir_okay=False)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --output file.")] = False,
    accessible: AccessibleOption = False,
    kb: KbOption = None,
) -> None:
    """Answer questions about one offer, review them, save it as a file and see its summary."""
    import datetime as dt

    from irtele_cli.core.offers import show_offer
    from irtele_cli.flows.files import refuse_overwrite, write_files
    from irtele_cli.flows.gather import data_file_name_problem
    from irtele_cli.flows.offer import collect_offer
    from irtele_cli.flows.questionnaire import choose_path
    from irtele_cli.load.offers import load_offer, offer_answer_problem, offer_file_text, suggested_offer_file

    if not _interactive():
        raise IrteleError(
            "'irtele offers new' asks questions and needs an interactive terminal; "
            "or write the offer file yourself (see the README's offer file keys)"
        )
    if output is not None:
        refuse_overwrite(output, force)
        if problem := data_file_name_problem(str(output)):
            raise IrteleError(f"--output: {problem}")
    knowledge = _knowledge(ctx)
    plain = _accessible(accessible)
    ask = _asker(plain)
    answers = collect_offer(knowledge, ask, offer_answer_problem)
    target = output or Path(
        choose_path(ask, "the offer", suggested_offer_file(answers["name"]), data_file_name_problem)
    )
    write_files([(target, offer_file_text(answers, target.suffix.lower()), True if output is None else force)])
    view = show_offer(knowledge, target, load_offer(target, knowledge), dt.date.today())  # as the file reads back
    _show(view, plain=plain)
    typer.echo(f"Wrote {target}. Compare it with: irtele offers compare {target} OTHER.yaml", err=True)


ACCESSIBLE_ENV = ("IRTELE_ACCESSIBLE", "ACCESSIBLE")


def _accessible(flag: bool) -> bool:
    """--accessible, IRTELE_ACCESSIBLE=1 or ACCESSIBLE=1 (huh's convention), or a terminal that cannot redraw."""
    chosen = any(os.environ.get(name, "").strip() not in ("", "0", "false", "no") for name in ACCESSIBLE_ENV)
    return flag or chosen or os.environ.get("TERM") == "dumb"


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _asker(plain: bool) -> "Ask":
    """Plain numbered line prompts for screen readers, else questionary's.

    Cyclic garbage collection, off during start-up (see __main__), is on again while a person answers.
    """
    import gc

    from irtele_cli.flows.questionnaire import plain_ask, questionary_ask

    gc.enable()
    return plain_ask if plain else questionary_ask


def _note(line: str) -> None:
    _say(f"note: {line}")


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


@app.command("completion")
def completion(shell: Annotated[Shell, typer.Argument(help="The shell to complete in.")]) -> None:
    """Print the script that lets bash, zsh or fish complete irtele's commands, options, role ids and states.

    Save it where your shell loads completions, e.g. 'irtele completion bash >
    ~/.local/share/bash-completion/completions/irtele', or load it now: 'source <(irtele completion bash)'.
    """
    from typer.completion import get_completion_script  # type: ignore[attr-defined]  # as --show-completion does

    complete_var = f"_{PROG.upper()}_COMPLETE"
    sys.stdout.write(get_completion_script(prog_name=PROG, complete_var=complete_var, shell=shell.value) + "\n")


def _update(
    ctx: typer.Context,
    path: Path,
    answers: Path | None,
    flags: dict[str, Any],
    trials: dict[str, Any],
    top: int,
    dry_run: bool,
    other_output: Path | None,
    ilp_files: "list[FileRequest] | None" = None,
) -> None:
    """Rebuild a kept plan: its answers from the front matter, ticks and notes carried over by id."""
    from irtele_cli.core.plan import SCHEMA_VERSION, make_plan, what_if
    from irtele_cli.flows.files import write_files
    from irtele_cli.flows.gather import PlanRequest, gather_profile
    from irtele_cli.flows.keep import read_plan, update_report, updated_text
    from irtele_cli.load.answers import build_profile
    from irtele_cli.render.markdown import markdown

    if other_output is not None:
        raise IrteleError("--update rewrites its own file; leave out --output and --save-answers")
    kept = read_plan(path, SCHEMA_VERSION)
    knowledge = _knowledge(ctx)
    origin = f"{path} (front matter)"
    try:  # the plan as the file's own answers make it, to say what changed (flags may be fixing those answers)
        own = build_profile(kept.meta["answers"], dict.fromkeys(kept.meta["answers"], origin))
        before: Plan | None = make_plan(knowledge, own, top=top)
    except IrteleError:
        before = None
    request = PlanRequest(answers_file=answers, flags=flags, top=top, kept_answers=kept.meta["answers"], kept_file=path)
    profile, _ = gather_profile(knowledge, request, None)
    after = make_plan(knowledge, profile, top=top)
    if trials:
        after = _with_what_if(knowledge, after, trials, top)
    text, added, dropped = updated_text(kept, markdown(after), markdown(before) if before is not None else "")
    moved = what_if(before, after, []).moved if before is not None else []
    for line in update_report(kept, moved, added, dropped, __version__):
        sys.stdout.write(printable(line) + "\n")
    if dry_run:
        _say(f"Nothing written (--dry-run): {path} is as it was.")
        return
    ilp_texts = [
        (file.path, _ilp_text(knowledge, after, path, text)(file.path), file.force) for file in ilp_files or []
    ]
    write_files([(path, text, True), *ilp_texts])
    _say(f"Updated {path}")
    _announce([file.path for file in ilp_files or []])


def _with_what_if(knowledge: "KnowledgeBase", before: "Plan", changes: dict[str, Any], top: int) -> "Plan":
    """The plan for the answers with the changes, saying what the changes do against the plan without them."""
    from irtele_cli.core.plan import make_plan, what_if
    from irtele_cli.core.recourse import describe_change
    from irtele_cli.flows.gather import what_if_answers
    from irtele_cli.load.answers import build_profile

    answers, origins = what_if_answers(before.profile, changes)
    changed = build_profile(answers, origins)
    after = make_plan(knowledge, changed, top=top, today=before.generated)
    described = [describe_change(knowledge, before.profile, key, getattr(changed, key)) for key in changes]
    return after.model_copy(update={"what_if": what_if(before, after, described)})


def _ilp_request(ilp: Path | None, force: bool, others: "list[Path | None]") -> "list[FileRequest]":
    """The --ilp file as a request, refused before any question or work when it exists without --force,
    or when another option names the same file."""
    from irtele_cli.flows.files import FileRequest, refuse_overwrite

    if ilp is None:
        return []
    if any(other is not None and other.resolve() == ilp.resolve() for other in others):
        raise IrteleError(f"--ilp {ilp}: another option writes that file too; give the learning plan its own name")
    refuse_overwrite(ilp, force)
    return [FileRequest("ilp", ilp, force)]


def _ilp_text(
    knowledge: "KnowledgeBase", plan: "Plan", plan_file: Path | None, kept_text: str = ""
) -> Callable[[Path], str]:
    """The ILP page of a plan, linked to its plan file; a kept plan's ticked items are the activities done.

    Built only when asked for: a plan without ``--ilp`` imports none of it.
    """

    def text(path: Path) -> str:
        from irtele_cli.core.ilp import Activity, ilp_view
        from irtele_cli.flows.keep import tasks_in
        from irtele_cli.render.markdown import ilp_markdown

        done = [Activity(kind=t.kind, id=t.id, text=t.title) for t in tasks_in(kept_text).values() if t.done]
        linked = str(plan_file) if plan_file is not None else None
        return ilp_markdown(ilp_view(knowledge, plan, linked, done))

    return text


def _output_file(output: Path | None, force: bool) -> "list[FileRequest]":
    """The ``-o`` file as a request, refused before any work when it exists and --force was not given."""
    from irtele_cli.flows.files import FileRequest, refuse_overwrite

    if output is None:
        return []
    refuse_overwrite(output, force)
    return [FileRequest("markdown", output, force)]


def _deliver(view: "Document", format: PlanFormat, files: "list[FileRequest]") -> None:
    """Write the requested files, then print the view as text, Markdown or JSON, then say what was written."""
    written = _write(view, files, {})
    _print(view, format)
    _announce(written)


def _write(view: "Document", files: "list[FileRequest]", texts: "Mapping[Kind, Callable[[Path], str]]") -> list[Path]:
    """Every ``-o`` and ``--save-answers`` of every command goes through here: Markdown of the view, or ``texts``."""
    if not files:
        return []
    from irtele_cli.flows.files import write_files
    from irtele_cli.render.markdown import markdown

    def text(file: "FileRequest") -> str:
        return texts[file.kind](file.path) if file.kind in texts else markdown(view)

    return write_files([(file.path, text(file), file.force) for file in files])


def _announce(written: list[Path]) -> None:
    for path in written:
        typer.echo(f"Wrote {path}", err=True)


def _pager(no_pager: bool) -> str | None:
    """IRTELE_PAGER, else PAGER, else 'less -FRX' (which quits at once when the text fits); none with --no-pager."""
    if no_pager:
        return None
    return os.environ.get("IRTELE_PAGER") or os.environ.get("PAGER") or "less -FRX"


def _print(
    view: "Document", format: PlanFormat, sections: tuple[str, ...] = (), pager: str | None = None, plain: bool = False
) -> None:
    if format is PlanFormat.json:
        _print_json(view)
    elif format is PlanFormat.markdown:
        from irtele_cli.render.markdown import markdown

        sys.stdout.write(markdown(view))
    else:
        _show(view, sections, pager, plain)


def _show(view: "View", sections: tuple[str, ...] = (), pager: str | None = None, plain: bool = False) -> None:
    """Text output; accessible (sentences, no boxes or bars) when asked for here or by the environment."""
    from irtele_cli.render.terminal import show

    plain = plain or _accessible(False)
    show(view, sections, None if plain else pager, accessible=plain)


def _sections(full: bool, named: list[str]) -> tuple[str, ...]:
    """--full is every section; --section NAME names some; neither is the summary."""
    from irtele_cli.core.plan import SECTIONS

    unknown = [name for name in named if name not in SECTIONS]
    if unknown:
        raise IrteleError(f"--section: unknown section '{unknown[0]}'; choose from {', '.join(SECTIONS)}")
    return SECTIONS if full else tuple(dict.fromkeys(named))


def _print_json(value: "BaseModel | list[Any]") -> None:
    from irtele_cli.render.json import to_json

    sys.stdout.write(to_json(value, ascii_only=isinstance(sys.stdout, PlainText)) + "\n")


def prepare_streams() -> None:
    """Standard streams a program can always use: a closed one reads or writes nothing (``>&-``, ``<&-``),
    and one that cannot encode every character (``PYTHONIOENCODING=latin-1``) gets plain stand-ins."""
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open(mode, encoding="utf-8"))  # noqa: SIM115 - lives as long as we do
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if not encoding.lower().replace("_", "-").startswith("utf") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # what no stand-in covers shows as '?'
            setattr(sys, name, PlainText(stream, encoding))


STAND_INS = {"•": "*", "☐": "[ ]", "█": "#", "░": ".", "✓": "+", "✗": "x", "×": "x", "·": "-", "“": '"',
             "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "→": "->", "≤": "<=", "≥": ">=",
             "§": "S."}  # fmt: skip


class PlainText:
    """A stream that cannot encode every character, written through with plain stand-ins for our symbols."""

    def __init__(self, stream: Any, encoding: str) -> None:
        self._stream = stream
        self._table = str.maketrans({char: plain for char, plain in STAND_INS.items() if not _encodes(char, encoding)})

    def write(self, text: str) -> int:
        return int(self._stream.write(text.translate(self._table)))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _encodes(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def main() -> None:
    """Console-script entry point."""
    lean_app(sys.argv[1:], dict(os.environ))(prog_name=PROG)


ROOT_VALUE_OPTIONS = ("--kb",)  # the main callback's options that take a value
APP_HELP_ARGS: tuple[list[str], ...] = ([], ["--help"], ["-h"])  # the app's own help: nothing but the list of commands


def listing(whole: typer.Typer) -> typer.Typer:
    """The app as its help lists it: every command by name and help, with no parameters to build.

    The app's help shows no command's options, yet Typer would build all of them (two thirds of it).
    A group keeps its own callback ('irtele roles' lists roles, with --kb and --format); its commands
    are stand-ins too.
    """
    lean = copy.copy(whole)
    lean.registered_commands = [_listed(info) for info in whole.registered_commands]
    lean.registered_groups = [copy.copy(info) for info in whole.registered_groups]
    for group in lean.registered_groups:
        if group.typer_instance is not None:
            group.typer_instance = listing(group.typer_instance)
    return lean


def _listed(info: "CommandInfo") -> "CommandInfo":
    """A command as the app's help lists it: a parameterless stand-in with its name and docstring."""
    command = info.callback
    name = getattr(command, "__name__", None)
    if command is None or name is None:  # not a function (a partial): listed as it is
        return info

    def listed() -> None:
        pass  # never run: the app's help only lists it

    listed.__name__, listed.__doc__ = name, command.__doc__
    stand_in = copy.copy(info)
    stand_in.callback = listed
    return stand_in


def lean_app(args: list[str], environ: Mapping[str, str]) -> typer.Typer:
    """The app with only the command the arguments name, when they name one: Typer builds every command's
    parameters before it runs any, and that is a tenth of a plan's start-up.

    Whatever else (help for the app, no command, an unknown one, a shell asking for completions) gets the
    whole app, so what is listed, suggested or completed is every command.
    """
    if any(key.startswith(f"_{PROG.upper()}_COMPLETE") for key in environ):
        return app
    if args in APP_HELP_ARGS:
        return listing(app)
    values = iter(args)
    for arg in values:
        if arg in ROOT_VALUE_OPTIONS:
            next(values, None)
        elif not arg.startswith("-"):
            commands = [info for info in app.registered_commands if info.name == arg]
            groups = [info for info in app.registered_groups if info.name == arg]
            if not commands and not groups:
                return app
            lean = copy.copy(app)
            lean.registered_commands, lean.registered_groups = commands, groups
            return lean
        elif arg.partition("=")[0] not in ROOT_VALUE_OPTIONS:
            return app  # --help, --version, or an option click will name as unknown
    return app
