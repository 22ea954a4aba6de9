"""Nothing breaks it: bad files, odd terminals, closed streams and signals end in a clear line, never a traceback.

The contract (README, "What you can rely on"): bad input is one `error:` line per problem naming the
file and key, exit 2, nothing written; a closed pipe is exit 0; Ctrl-C is exit 130; files are all or none.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO
from irtele_cli import errors
from irtele_cli.cli import app
from irtele_cli.errors import IrteleError
from irtele_cli.flows import files as files_module
from irtele_cli.flows.files import write_files

BAD = REPO / "tests" / "bad_inputs"
EXAMPLES = REPO / "examples"
RESIDENT = EXAMPLES / "ir-resident.yaml"
IRTELE = [sys.executable, "-m", "irtele_cli"]


def assert_refused(result: object, path: Path, written: Path) -> None:
    """Exit 2, every line an `error:` line, the first naming the file, no traceback, nothing written."""
    assert getattr(result, "exit_code", None) == 2, getattr(result, "output", "")
    lines = result.stderr.splitlines()  # type: ignore[attr-defined]
    assert lines and all(line.startswith(("error: ", "hint: ")) for line in lines), lines
    assert str(path) in lines[0]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert not written.exists()


@pytest.mark.parametrize("path", sorted((BAD / "answers").iterdir()), ids=lambda p: p.name)
@pytest.mark.parametrize("command", ["plan", "licensing"])
def test_a_bad_answers_file_is_one_clear_refusal(runner: CliRunner, tmp_path: Path, path: Path, command: str) -> None:
    out = tmp_path / "out.md"
    assert_refused(runner.invoke(app, [command, "--answers", str(path), "-o", str(out)]), path, out)


@pytest.mark.parametrize("path", sorted((BAD / "offers").iterdir()), ids=lambda p: p.name)
def test_a_bad_offer_file_is_one_clear_refusal(runner: CliRunner, tmp_path: Path, path: Path) -> None:
    out = tmp_path / "out.md"
    result = runner.invoke(app, ["offers", "compare", str(path), str(EXAMPLES / "offer-remote.yaml"), "-o", str(out)])
    assert_refused(result, path, out)


def renamed_offer(tmp_path: Path, name: str) -> Path:
    """The bundled hybrid offer under another name."""
    data = yaml.safe_load((EXAMPLES / "offer-hybrid.yaml").read_text(encoding="utf-8"))
    offer = tmp_path / "offer.json"
    offer.write_text(json.dumps({**data, "name": name}), encoding="utf-8")
    return offer


def test_markup_in_an_offer_name_is_shown_as_written(runner: CliRunner, tmp_path: Path) -> None:
    offer = renamed_offer(tmp_path, "[/] [bold red]x[/]")
    result = runner.invoke(
        app, ["offers", "compare", str(offer), str(EXAMPLES / "offer-remote.yaml")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "[/] [bold red]x[/]" in result.stdout


def test_control_characters_are_shown_escaped_never_sent_to_the_terminal(runner: CliRunner, tmp_path: Path) -> None:
    offer = renamed_offer(tmp_path, "Evil \x1b]0;title\x07\x1b[31m")
    for format in ("text", "markdown"):
        result = runner.invoke(
            app, ["offers", "compare", str(offer), str(EXAMPLES / "offer-remote.yaml"), "--format", format]
        )
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "\\x1b]0;title\\x07" in result.stdout


def test_a_long_value_is_cut_and_many_problems_are_counted(runner: CliRunner, tmp_path: Path) -> None:
    long_value = tmp_path / "long.yaml"
    long_value.write_text("stage: " + "x" * 1_000_000 + "\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--answers", str(long_value)])
    assert result.exit_code == 2
    assert max(len(line) for line in result.stderr.splitlines()) < 400
    assert "(1,000,000 characters)" in result.stderr
    many = tmp_path / "many.yaml"
    many.write_text("stage: ir-resident\nlicensed_states: [" + ", ".join(["XX"] * 100_000) + "]\n", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--answers", str(many)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 21 and lines[-1].startswith("error: ... and ") and "licensed_states[0]" in lines[0]


def test_a_foreign_file_in_a_role_s_place_is_never_printed_whole(runner: CliRunner, kb_copy: Path) -> None:
    role = kb_copy / "roles" / "tele-proctoring.yaml"
    role.unlink()
    secret = kb_copy.parent / "secret.yaml"
    secret.write_text(
        "root:x:0:0:root:/root:/bin/bash\n" + "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" * 200,
        encoding="utf-8",
    )
    role.symlink_to(secret)
    result = runner.invoke(app, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 2
    assert result.stderr.count("daemon") <= 2 and len(result.stderr) < 2000


@pytest.mark.parametrize(
    ("target", "message"),
    [("device", "not a regular file"), ("dangling", "is a symbolic link"), ("folder", "is a directory")],
)
def test_output_is_refused_over_anything_but_a_regular_file(
    runner: CliRunner, tmp_path: Path, target: str, message: str
) -> None:
    path = {"device": Path("/dev/null"), "dangling": tmp_path / "link.md", "folder": tmp_path / "dir.md"}[target]
    if target == "dangling":
        path.symlink_to(tmp_path / "nowhere")
    if target == "folder":
        path.mkdir()
    result = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "-o", str(path), "--force"])
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "nowhere").exists()
    assert Path("/dev/null").is_char_device()


def test_a_file_created_between_the_check_and_the_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.md"
    original = files_module._write_temporary

    def write_then_race(path: Path, text: str) -> Path:
        temporary = original(path, text)
        target.write_text("theirs", encoding="utf-8")  # another program wins the race
        return temporary

    monkeypatch.setattr(files_module, "_write_temporary", write_then_race)
    with pytest.raises(IrteleError, match="already exists"):
        write_files([(target, "ours", False)])
    assert target.read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


@pytest.mark.parametrize("force", [False, True])
def test_two_outputs_land_together_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool) -> None:
    first, second = tmp_path / "answers.yaml", tmp_path / "plan.md"
    if force:
        first.write_text("old answers", encoding="utf-8")
    place = files_module._Staged.place

    def fail_second(self: files_module._Staged) -> None:
        if self.path == second:
            raise KeyboardInterrupt  # Ctrl-C between the two
        place(self)

    monkeypatch.setattr(files_module._Staged, "place", fail_second)
    with pytest.raises(KeyboardInterrupt):
        write_files([(first, "new answers", force), (second, "plan", force)])
    assert sorted(p.name for p in tmp_path.iterdir()) == (["answers.yaml"] if force else [])
    if force:
        assert first.read_text(encoding="utf-8") == "old answers"


def test_stale_temporary_files_of_ours_are_cleaned_on_the_next_write(tmp_path: Path) -> None:
    stale = tmp_path / ".plan.md.abc123.irtele-tmp"
    stale.write_text("half", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".plan.md.def456.irtele-tmp"  # perhaps another run's, still being written
    fresh.write_text("half", encoding="utf-8")
    write_files([(tmp_path / "plan.md", "plan", False)])
    assert sorted(p.name for p in tmp_path.iterdir()) == [fresh.name, "plan.md"]


def test_saved_answers_hold_only_what_was_answered(runner: CliRunner, tmp_path: Path) -> None:
    saved = tmp_path / "saved.yaml"
    result = runner.invoke(app, ["plan", "--answers", str(RESIDENT), "--save-answers", str(saved)])
    assert result.exit_code == 0, result.output
    given = set(yaml.safe_load(RESIDENT.read_text(encoding="utf-8")))
    assert set(yaml.safe_load(saved.read_text(encoding="utf-8"))) == given
    assert "board_certified" not in given  # a default would have been saved as an answer before


def run(*args: str, env: dict[str, str] | None = None, encoding: str = "utf-8") -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COLUMNS": "100", **(env or {})}
    command = [*IRTELE, *args]
    return subprocess.run(command, capture_output=True, encoding=encoding, env=environment, timeout=60, check=False)


@pytest.mark.parametrize(
    "command",
    [["roles"], ["plan", "--answers", str(RESIDENT)], ["licensing", "--answers", str(RESIDENT)], ["kb", "validate"]],
)
def test_a_closed_stdout_is_no_crash(command: list[str]) -> None:
    result = subprocess.run(
        [*IRTELE, *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_closed_stdin_is_not_a_terminal() -> None:
    result = subprocess.run(
        [*IRTELE, "plan", "--answers", str(RESIDENT), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(0),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["schema_version"] == 1


@pytest.mark.parametrize("format", ["text", "markdown", "json"])
def test_an_output_that_is_not_utf8_gets_plain_stand_ins(format: str) -> None:
    result = run(
        "plan", "--answers", str(RESIDENT), "--format", format, env={"PYTHONIOENCODING": "latin-1"}, encoding="latin-1"
    )
    assert result.returncode == 0, result.stderr
    if format == "json":
        assert json.loads(result.stdout)["matches"]
    assert "•" not in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["roles"]])
def test_a_full_disk_is_one_line(args: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run([*IRTELE, *args], stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert result.returncode == 2
    assert result.stderr == "error: cannot write the output: No space left on device\n"


def test_a_stderr_that_cannot_be_written_keeps_the_exit_code() -> None:
    with Path("/dev/full").open("w") as full:
        result = subprocess.run([*IRTELE, "roles", "show", "nope"], stdout=subprocess.PIPE, stderr=full, check=False)
    assert result.returncode == 2


@pytest.mark.parametrize("format", ["text", "markdown", "json"])
def test_a_closed_pipe_is_exit_0_and_silent_in_every_format(format: str) -> None:
    child = subprocess.Popen(
        [*IRTELE, "plan", "--answers", str(RESIDENT), "--format", format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.read(10)
    child.stdout.close()
    error = child.stderr.read()
    assert child.wait(timeout=60) == 0
    assert error == b""


def test_a_bad_columns_value_still_prints() -> None:
    result = run("roles", env={"COLUMNS": "0"})
    assert result.returncode == 0 and "tele-proctoring" in result.stdout


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (["plan", "--nope"], "error: No such option: --nope"),
        (["plan", "--top", "0"], "error: Invalid value for '--top'"),
        (["plan", "--format", "pdf"], "error: Invalid value for '--format': 'pdf' is not one of"),
        (["plan", "--max-licenses", "５"], "error: --max-licenses: expected a whole number such as 3, got '５'"),
    ],
)
def test_usage_errors_are_one_error_line_and_a_hint(args: list[str], first_line: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(first_line), lines
    assert all(line.startswith(("error: ", "hint: ")) for line in lines) and len(lines) <= 2


def test_an_answers_file_that_is_a_fifo_or_a_device_is_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    result = run("plan", "--answers", str(fifo))
    assert result.returncode == 2 and "named pipe (FIFO), not a regular file" in result.stderr
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    result = run("plan", "--answers", str(zero))
    assert result.returncode == 2 and "a device, not a regular file" in result.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.5])
def test_a_signal_at_any_point_leaves_no_half_written_file(tmp_path: Path, signum: int, delay: float) -> None:
    plan, answers = tmp_path / "plan.md", tmp_path / "answers.yaml"
    child = subprocess.Popen(
        [*IRTELE, "plan", "--answers", str(RESIDENT), "-o", str(plan), "--save-answers", str(answers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(delay)
    child.send_signal(signum)
    _, error = child.communicate(timeout=60)
    if "Traceback" in error:  # Ctrl-C before the entry point could set its handler: Python's own answer (README)
        ours = [line for line in error.splitlines() if line.lstrip().startswith("File ") and "irtele_cli" in line]
        assert signum == signal.SIGINT and error.rstrip().endswith("KeyboardInterrupt"), error
        assert all("__main__.py" in line and line.endswith("<module>") for line in ours), error  # not yet in main()
        assert child.returncode in (1, -signum) and list(tmp_path.iterdir()) == []
        return
    assert child.returncode in (0, 130, 143, -signum), error
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names in ([], ["answers.yaml", "plan.md"]), names  # both or neither, and no temporary file
    if names:
        assert plan.read_text(encoding="utf-8").rstrip().endswith("<!-- irtele:end -->")  # the file's last line, whole
    if child.returncode == 130:
        assert error == "Cancelled.\n"


def test_ctrl_c_while_the_cli_is_still_importing_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    from irtele_cli import __main__ as entry

    real_import = builtins.__import__

    def interrupted(name: str, *args: object, **kwargs: object) -> object:
        if name == "irtele_cli.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as exit:
        entry.main()
    assert exit.value.code == 130
    assert capsys.readouterr().err == "Cancelled.\n"


@pytest.mark.parametrize(
    "command",
    [
        ["licensing", "--answers", str(RESIDENT)],
        ["offers", "compare", str(EXAMPLES / "offer-hybrid.yaml"), str(EXAMPLES / "offer-remote.yaml")],
        ["plan", "--answers", str(RESIDENT)],
    ],
)
def test_an_unwritable_output_prints_nothing_in_every_command(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "-o", str(tmp_path / "missing" / "out.md")])
    assert result.exit_code == 2 and result.stdout == ""
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".toml"])
def test_every_format_reads_a_byte_order_mark_and_an_empty_file_alike(
    runner: CliRunner, tmp_path: Path, suffix: str
) -> None:
    answers = yaml.safe_load(RESIDENT.read_text(encoding="utf-8"))
    text = {".yaml": yaml.safe_dump(answers), ".json": json.dumps(answers),
            ".toml": "".join(f"{key} = {json.dumps(value)}\n" for key, value in answers.items())}[suffix]  # fmt: skip
    path = tmp_path / f"answers{suffix}"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert runner.invoke(app, ["plan", "--answers", str(path), "--format", "json"]).exit_code == 0
    path.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["plan", "--answers", str(path), "--no-input"])
    assert result.exit_code == 2 and "no answers given" in result.stderr


def replace(path: Path, make: Callable[[Path], object]) -> None:
    path.unlink()
    make(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda kb: replace(kb / "faq.yaml", Path.mkdir),
            "faq.yaml: a directory, not a regular file",
        ),
        (
            lambda kb: replace(kb / "faq.yaml", os.mkfifo),
            "faq.yaml: a named pipe (FIFO), not a regular file",
        ),
        (
            lambda kb: replace(kb / "faq.yaml", lambda p: p.symlink_to(p)),
            "faq.yaml: a loop of symbolic links",
        ),
        (
            lambda kb: (kb / "faq.yaml").write_text("", encoding="utf-8"),
            "faq.yaml: expected a mapping with the key 'faq'",
        ),
        (
            lambda kb: (kb / "scoring.yaml").write_text("", encoding="utf-8"),
            "scoring.yaml: (top level): expected a mapping of keys to values, got null",
        ),
        (
            lambda kb: (kb / "roles" / "x.yml").write_text("id: x", encoding="utf-8"),
            "roles/x.yml: files here end in .yaml",
        ),
    ],
    ids=["folder", "fifo", "link-loop", "empty-wrapped", "empty-model", "yml"],
)
def test_a_knowledge_base_file_is_reported_as_what_it_is(
    runner: CliRunner, kb_copy: Path, make: object, message: str
) -> None:
    make(kb_copy)  # type: ignore[operator]
    result = runner.invoke(app, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 2, result.output
    assert any(line.startswith(f"error: {kb_copy}/{message}") for line in result.stderr.splitlines()), result.stderr


def test_broken_references_are_listed_even_when_another_file_has_an_error(
    runner: CliRunner, kb_copy: Path, edit_yaml: Callable[..., None]
) -> None:
    edit_yaml(kb_copy, "checklist.yaml", lambda data: data["checklist"][0].update(bogus=1))
    edit_yaml(kb_copy, "roles/tele-proctoring.yaml", lambda data: data.update(domains=["tele-proctoringx"]))
    result = runner.invoke(app, ["kb", "validate", str(kb_copy)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {kb_copy / 'checklist.yaml'}: checklist[0].bogus: unknown key; allowed keys: id, sources, category, "
        "text, why, ask, every_role, offer_term",
        f"error: {kb_copy / 'roles/tele-proctoring.yaml'}: domains: unknown domain 'tele-proctoringx'; "
        "did you mean tele-proctoring?",
    ]


@pytest.mark.parametrize(("signum", "code", "said"), [(signal.SIGTERM, 143, ""), (signal.SIGINT, 130, "Cancelled.\n")])
def test_an_error_after_a_signal_is_the_signals(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, signum: int, code: int, said: str
) -> None:
    """A signal inside pydantic-core's validation can leave every later check failing: a valid file would be
    reported broken, with exit 2. Once a signal has arrived, an error ends the run as that signal does."""
    monkeypatch.setattr(errors, "_SIGNALS", [signum])
    result = runner.invoke(app, ["plan", "--answers", str(tmp_path / "missing.yaml")])
    assert (result.exit_code, result.stderr) == (code, said)
    monkeypatch.setattr(errors, "_SIGNALS", [])
    result = runner.invoke(app, ["plan", "--answers", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "file not found" in result.stderr


@pytest.mark.parametrize(
    "text", ['{"\\udc80": 1}', '{"target_states": ["TX", "\\ud800"]}', '{"a": {"b": [1, {"c": "x\\udfff"}]}}']
)
def test_a_lone_surrogate_in_a_key_or_deep_in_a_list_is_named(tmp_path: Path, text: str) -> None:
    from irtele_cli.errors import DocumentError
    from irtele_cli.load.documents import read_document

    path = tmp_path / "answers.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DocumentError, match=r"holds \\ud[89a-f][0-9a-f]{2}, half of a character pair"):
        read_document(path)
