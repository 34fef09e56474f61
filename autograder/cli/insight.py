"""``autograder similarity`` and ``autograder variants suggest`` (registered by autograder/cli/main.py):
what a batch says about the class rather than about one student."""

from __future__ import annotations

import json
from pathlib import Path

import click

from autograder.cli.common import output_assignment
from autograder.outputs.gradebook import Gradebook, default_path


def _book_results(out_dir: str, assignment_id: str | None):
    path = default_path(Path(out_dir))
    if not path.exists():
        raise click.BadParameter(f"no gradebook at {path} (run `autograder grade` first)", param_hint="OUT_DIR")
    book = Gradebook(path)
    try:
        ids = [assignment_id] if assignment_id else book.assignments()
        if not ids:
            raise click.BadParameter("the gradebook holds no results", param_hint="OUT_DIR")
        if len(ids) > 1:
            raise click.BadParameter(f"the gradebook holds several assignments ({', '.join(ids)}); pass --assignment",
                                     param_hint="--assignment")
        return output_assignment(out_dir, ids[0]), book.results(ids[0])
    finally:
        book.close()


@click.command("similarity")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--assignment", "-a", "assignment_id", default=None, help="The assignment (default: the gradebook's only one).")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Share of one side's code found in the other for a pair to be flagged (default 0.7).")
@click.option("--jobs", "-j", type=int, default=None, help="Processes for fingerprinting a large class.")
def similarity_cmd(out_dir: str, assignment_id: str | None, lang: str, threshold: float | None, jobs: int | None) -> None:
    """Compare the code students wrote (the notebook's starter code excluded) and rank similar pairs.

    Writes OUT_DIR/similarity.json and OUT_DIR/similarity.html (pairs side by side, shared code
    highlighted) and renders the class report again with a similarity section. Flags are facts
    to look at, never penalties.
    """
    from autograder.outputs import similarity
    from autograder.pipelines.batch import write_outputs

    assignment, results = _book_results(out_dir, assignment_id)
    kwargs = {"threshold": threshold} if threshold is not None else {}
    report = similarity.analyse(assignment, results, jobs=jobs, **kwargs)
    out = Path(out_dir)
    (out / "similarity.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    title = assignment.title.get(lang) or assignment.id
    (out / "similarity.html").write_text(similarity.render_html(report, lang, title), encoding="utf-8")
    write_outputs(assignment, results, out, lang, plots=True)
    click.echo(f"{assignment.id}: compared {report['submissions']} submissions in {report['seconds']:.1f} s; "
               f"{report['flagged']} pair(s) above the threshold, {len(report['clusters'])} group(s) of three or more")
    for p in [p for p in report["pairs"] if p["flagged"]][:10]:
        click.echo(f"  {p['rank']:>3}. {p['a']} ↔ {p['b']}: {100 * p['a_in_b']:.0f}% / {100 * p['b_in_a']:.0f}% "
                   f"({p['overlap']} shared tokens)")
    if report["missing"]:
        click.echo(f"not found on disk (skipped): {', '.join(report['missing'][:10])}", err=True)
    click.echo(f"similarity: {(out / 'similarity.html').resolve()}")
    click.echo(f"class report: {(out / 'report.html').resolve()}")


@click.group("variants")
def variants_group() -> None:
    """Misconception variants: drafts from the mistakes a class shares."""


@variants_group.command("suggest")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--question", "-q", required=True, help="A question (or the function) whose unexplained groups to draft.")
@click.option("--assignment", "-a", "assignment_id", default=None)
@click.option("--cluster", "cluster_id", default=None, help="Only this group (its id in the class report).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False), default=None,
              help="File for the stubs (default: OUT_DIR/suggested_variants/<question>.py).")
def suggest_cmd(out_dir: str, question: str, assignment_id: str | None, cluster_id: str | None, output: str | None) -> None:
    """Write a @misconception stub for each group of submissions that share wrong behaviour on
    QUESTION and that no variant explains. Name it, explain it in Korean and English, review the
    code, and paste it into solutions/<id>/variants.py: regrading then names the mistake."""
    from autograder.outputs.mining import mine, variant_stub

    assignment, results = _book_results(out_dir, assignment_id)
    found = mine(assignment, results)["clusters"]
    chosen = [c for c in found if question in (c["question"], c["function"]) and (cluster_id is None or c["id"] == cluster_id)]
    if not chosen:
        known = ", ".join(f"{c['id']} ({c['question']}, {c['size']})" for c in found) or "none"
        raise click.ClickException(f"no unexplained group for {question!r}{' / ' + cluster_id if cluster_id else ''}; "
                                   f"groups: {known}")
    path = Path(output) if output else Path(out_dir) / "suggested_variants" / f"{question}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    head = (f'"""Suggested misconception variants for {assignment.id}, question {question}.\n\n'
            "Fill in each id and the ko/en explanation, check the code, then paste the stubs into\n"
            f'solutions/{assignment.id}/variants.py (which already imports numpy as np and misconception)."""\n\n'
            "import numpy as np\n\nfrom autograder.diagnosis import misconception\n\n\n")
    path.write_text(head + "\n\n".join(variant_stub(assignment, c) for c in chosen), encoding="utf-8")
    for c in chosen:
        click.echo(f"{c['id']}: {c['size']} submissions, e.g. {', '.join(c['submissions'][:3])}")
    click.echo(f"wrote {path}")
