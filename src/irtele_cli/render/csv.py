"""A cohort report as CSV, one row per trainee, for a spreadsheet; the columns are ``core.cohort.CSV_COLUMNS``."""

from __future__ import annotations

import csv
import io

from irtele_cli.core.cohort import CSV_COLUMNS, CohortView
from irtele_cli.render.safe import printable_view


def cohort_csv(view: CohortView) -> str:
    """One row per trainee; several hard limits in one cell, separated by '; '; blanks where a file has no value."""
    view = printable_view(view)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in view.trainees:
        top = [role.role for role in row.top] + [""] * 3
        values = {
            "id": row.id,
            "stage": row.stage,
            "top_1": top[0],
            "top_1_score": row.top[0].score if row.top else "",
            "top_2": top[1],
            "top_3": top[2],
            "hard_limits": "; ".join(limit.rule for limit in row.hard_limits),
            "progress_done": "" if row.progress_done is None else row.progress_done,
            "progress_total": "" if row.progress_total is None else row.progress_total,
            "plan_date": row.plan_date or "",
            "version": row.version or "",
        }
        writer.writerow([_as_text(values[column]) for column in CSV_COLUMNS])
    return out.getvalue()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value: object) -> object:
    """A text cell a spreadsheet would run as a formula (a file named '=HYPERLINK(...).md') is kept as text."""
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
