"""A plan the user keeps: read one back (front matter, ticks, notes), update it in place, and count progress.

The generated part lies between ``<!-- irtele:begin -->`` and ``<!-- irtele:end -->``; everything
outside it is the user's and is kept as written. Task lines carry ``<!-- irtele:KIND:ID -->``, so a
tick and the lines indented under it follow the item, wherever the user moved it (Obsidian Tasks'
convention).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from irtele_cli.core.progress import NextItem, Progress, SectionCount
from irtele_cli.errors import DocumentError
from irtele_cli.load.documents import parse_yaml, read_text

BEGIN, END = "<!-- irtele:begin -->", "<!-- irtele:end -->"
TASK = re.compile(
    r"^(?P<indent>\s*)[-*+] \[(?P<tick>[^\]])\] (?P<text>.*?)\s*<!-- irtele:(?P<kind>[a-z]+):(?P<id>[a-z0-9-]+) -->\s*$"
)  # any list bullet and any mark: [x] or [X] is done; Obsidian Tasks' [/] or [-] is kept as the user wrote it
DROPPED_HEADING = "## No longer in your plan"
OWN_KEYS = frozenset({"irtele", "schema_version", "date", "answers"})  # front-matter keys irtele writes


@dataclass
class Task:
    kind: str
    id: str
    text: str
    done: bool
    mark: str = " "  # the character between the brackets, as the user left it
    notes: list[str] = field(default_factory=list)  # lines the user indented under the item
    section: str = ""
    when: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def title(self) -> str:
        """The item without the reason and details that follow it in italics."""
        return self.text.split(" _", 1)[0]


@dataclass
class KeptPlan:
    path: Path
    meta: dict[str, Any]
    before: str  # the user's text before the generated part
    generated: str
    after: str  # and after it
    tasks: dict[str, Task]


def read_plan(path: Path, schema_version: int) -> KeptPlan:
    """A plan file irtele wrote; a file that is not one, or from a newer irtele, is refused as it is."""
    text = read_text(path).replace("\r\n", "\n")  # saved on Windows, or by an editor that writes CRLF
    meta = _front_matter(path, text)
    written = meta.get("schema_version")
    if not isinstance(written, int) or isinstance(written, bool):
        raise DocumentError([f"{path}: schema_version: expected a whole number in the front matter"])
    if written > schema_version:
        newer = f"schema_version {written}; this one reads up to {schema_version}"
        raise DocumentError([f"{path}: written by a newer irtele ({newer}); left as it is"])
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise DocumentError([f"{path}: the markers {BEGIN} and {END} must each appear once, in that order"])
    before, rest = text.split(BEGIN, 1)
    generated, after = rest.split(END, 1)
    return KeptPlan(path=path, meta=meta, before=before, generated=generated, after=after, tasks=tasks_in(generated))


def _front_matter(path: Path, text: str) -> dict[str, Any]:
    if not text.startswith("---\n"):
        raise DocumentError([f"{path}: not an irtele plan (no front matter); write one with 'irtele plan -o FILE'"])
    end = text.find("\n---\n", 4)
    if end < 0:
        raise DocumentError([f"{path}: the front matter has no closing '---' line"])
    meta = parse_yaml(path, text[4:end])
    if not isinstance(meta, dict) or "irtele" not in meta:
        raise DocumentError([f"{path}: not an irtele plan (its front matter has no 'irtele' key)"])
    if not isinstance(meta.get("answers"), dict):
        raise DocumentError([f"{path}: answers: expected the plan's answers in the front matter"])
    return meta


def tasks_in(text: str) -> dict[str, Task]:
    """Every task line with an id, its tick, the notes indented under it, its section and 'when' heading."""
    tasks: dict[str, Task] = {}
    section = when = ""
    current: Task | None = None
    for line in text.splitlines():
        match = TASK.match(line)
        if match and not match["indent"]:
            found = Task(match["kind"], match["id"], match["text"], match["tick"] in "xX", mark=match["tick"],
                         section=section, when=when)  # fmt: skip
            current = tasks.setdefault(found.key, found)
            if current is not found:  # the same item twice (copied by hand): a tick on either copy counts
                current.done = current.done or found.done
                current.mark = "x" if current.done else current.mark
            continue
        if current is not None and line.strip() and (line.startswith((" ", "\t"))):
            current.notes.append(line)
            continue
        current = None if line.strip() else current
        if line.startswith("## "):
            section, when = line[3:].strip(), ""
        elif line.startswith("### "):
            when = line[4:].strip()
    return tasks


def merged(kept: KeptPlan, generated: str, previous: dict[str, str]) -> tuple[str, list[Task], list[Task]]:
    """The new generated part with the user's ticks and notes carried over by id; what was added and dropped.

    ``previous`` is each task's text as irtele wrote it from the file's answers: a line that differs was
    edited by the user, and their wording is kept. An item the new plan no longer has moves, with its
    tick and notes, to 'No longer in your plan'.
    """
    new = tasks_in(generated)
    lines: list[str] = []
    for line in generated.splitlines():
        match = TASK.match(line)
        old = kept.tasks.get(f"{match['kind']}:{match['id']}") if match else None
        if match and old is not None:
            edited = old.key in previous and old.text != previous[old.key]
            text = old.text if edited else match["text"]  # the user's wording of a line wins
            lines.append(f"- [{old.mark}] {text} <!-- irtele:{old.kind}:{old.id} -->")
            lines += old.notes
        else:
            lines.append(line)
    dropped = [task for key, task in kept.tasks.items() if key not in new]
    if dropped:
        tail = [DROPPED_HEADING, "", "These no longer apply to your answers; kept with your ticks and notes.", ""]
        for task in dropped:
            tail.append(f"- [{task.mark}] {task.text} <!-- irtele:{task.kind}:{task.id} -->")
            tail += task.notes
        closing = lines.pop() if lines and not lines[-1].strip() else ""
        lines += ["", *tail, closing]
    added = [task for key, task in new.items() if key not in kept.tasks]
    return "\n".join(lines) + ("\n" if generated.endswith("\n") else ""), added, dropped


def updated_text(kept: KeptPlan, fresh: str, written: str) -> tuple[str, list[Task], list[Task]]:
    """The whole file: the new front matter and generated part, the user's own text around it kept.

    ``written`` is the plan as irtele would have written it from the file's answers, to tell edits apart.
    """
    head, rest = fresh.split(BEGIN, 1)
    generated, _ = rest.split(END, 1)
    previous = {key: task.text for key, task in tasks_in(written).items()}
    body, added, dropped = merged(kept, generated, previous)
    user_before = kept.before.split("\n---\n", 1)[1] if "\n---\n" in kept.before else ""
    front = head.rstrip("\n") + "\n"
    extra = {key: value for key, value in kept.meta.items() if key not in OWN_KEYS}
    if extra:  # the user's own properties (tags, aliases) stay, after ours
        import yaml

        body_end = front.rstrip("\n").rfind("\n---")
        own = yaml.safe_dump(extra, sort_keys=False, allow_unicode=True)
        front = front[: body_end + 1] + own + front[body_end + 1 :]
    between = user_before if user_before.strip() else "\n"
    return f"{front}{between}{BEGIN}{body}{END}{kept.after}", added, dropped


def progress(kept: KeptPlan) -> Progress:
    """Done and total per section, and what is next: the open items of the earliest 'when' that has some."""
    current = [task for task in kept.tasks.values() if task.section != DROPPED_HEADING[3:]]
    sections: dict[str, list[Task]] = {}
    for task in current:
        sections.setdefault(task.section, []).append(task)
    open_steps = [task for task in current if task.kind == "prep" and not task.done]
    first = open_steps[0].when if open_steps else None
    counts = [
        SectionCount(name=name, done=sum(t.done for t in tasks), total=len(tasks)) for name, tasks in sections.items()
    ]
    return Progress(
        file=str(kept.path),
        plan_date=str(kept.meta.get("date", "")),
        version=str(kept.meta.get("irtele", "")),
        sections=counts,
        next=[NextItem(id=task.id, text=task.title, when=task.when) for task in open_steps if task.when == first],
    )


def update_report(kept: KeptPlan, moved: list[Any], added: list[Task], dropped: list[Task], version: str) -> list[str]:
    """What an update changes, in lines: roles that moved, items added and dropped, a new irtele.

    An item already under 'No longer in your plan' is not dropped again; it is news only when it comes back.
    """
    lines = [f"Role {m.title}: #{m.from_rank} → #{m.to_rank}, score {m.from_score} → {m.to_score}" for m in moved]
    lines += [f"Added: {task.title}" for task in added]
    lines += [f"No longer in your plan: {task.title}" for task in dropped if task.section != DROPPED_HEADING[3:]]
    if str(kept.meta.get("irtele")) != version:
        lines.append(f"Written by irtele {kept.meta.get('irtele')}; updated with irtele {version}.")
    return lines or ["Nothing in the plan changes."]
