"""How far a kept plan has come: a view for the terminal and for scripts (and, later, a cohort report)."""

from irtele_cli.core.view import View


class SectionCount(View):
    name: str
    done: int
    total: int


class NextItem(View):
    id: str
    text: str
    when: str


class Progress(View):
    """``{plan_date, version, sections: [{name, done, total}], next: [{id, text, when}]}`` and the file read."""

    file: str
    plan_date: str
    version: str
    sections: list[SectionCount]
    next: list[NextItem]
