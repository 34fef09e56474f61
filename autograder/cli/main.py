"""The ``autograder`` command line."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from autograder.cli.common import load_assignment, output_assignment
from autograder.course.assignments import Assignment, list_ids
from autograder.pipelines.batch import default_jobs, grade_batch, write_outputs
from autograder.outputs.gradebook import Gradebook, OtherAssignment, check_one_assignment, default_path
from autograder.cli.course import (course_options, discover_submissions, policy_for, register as register_course_commands,
                                   report_course, roster_for)
from autograder.outputs.results import colliding_outputs
from autograder.grader.grading import SubmissionResult, grade
from autograder.grader.student_process import Zygote

SUBMISSION_SUFFIXES = (".ipynb", ".py", ".zip")


def collect(paths: tuple[str, ...]) -> list[Path]:
    """Files as given; folders contribute their notebooks, scripts and zips (not recursively)."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUBMISSION_SUFFIXES)
        elif p.exists():
            found.append(p)
        else:
            raise click.BadParameter(f"no such file or folder: {p}")
    clashes = colliding_outputs([f.stem for f in found])
    if clashes:
        which = "; ".join(" / ".join(str(f) for f in found if f.stem in group) for group in clashes)
        raise click.BadParameter(
            f"these submissions would write to the same output folder (names that differ only in case, spaces or "
            f"unsafe characters); rename one of each: {which} / 결과 폴더가 겹치는 제출물이 있습니다. 하나씩 이름을 바꾸세요.")
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Sandboxed autograder for the deep-learning course (딥러닝 과제 자동 채점기)."""


@main.command("grade")
@click.option("--assignment", "-a", "assignment_id", default=None, help="Assignment id, e.g. 04_optimizers.")
@click.option("--otter", "otter_source", type=click.Path(exists=True), default=None,
              help="Grade with an otter-grader assignment instead: its autograder zip or tests folder.")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False), required=True,
              help="Folder for <submission>/results.json and grades.csv.")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True,
              help="Language of the feedback text.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Submissions graded at once, at least 1 (default: CPU cores).")
@click.option("--ci", "ci_mode", is_flag=True, default=False,
              help="CI mode: GitHub annotations on stdout, a Markdown job summary in $GITHUB_STEP_SUMMARY, "
                   "no progress bar. Exits non-zero only if grading itself failed.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where to grade: worker processes on this machine, or a Dask cluster.")
@click.option("--scheduler", default=None, help="Dask scheduler address (tcp://host:8786) with --executor dask.")
@click.option("--plots/--no-plots", default=None,
              help="Draw the class report's plots (default: for two or more submissions, never with --ci).")
@course_options
@click.argument("submissions", nargs=-1, required=True)
def grade_cmd(assignment_id: str | None, otter_source: str | None, out_dir: str, lang: str, jobs: int | None,
              ci_mode: bool, executor: str, scheduler: str | None, plots: bool | None,
              submissions: tuple[str, ...], **course: object) -> None:
    """Grade SUBMISSIONS (notebooks, scripts, zips, or folders of them).

    Writes OUT/<submission>/results.json (Gradescope format) and OUT/grades.csv. Exits 0 when
    every submission has a result, even a zero; 2 on bad arguments; 1 if grading itself failed.
    """
    out = Path(out_dir)
    if (assignment_id is None) == (otter_source is None):
        raise click.UsageError("give exactly one of --assignment and --otter")
    if otter_source:
        from autograder.pipelines.otter_import import import_otter

        try:
            assignment = import_otter(Path(otter_source), out / ".otter-assignment")
        except (ValueError, OSError) as e:
            raise click.BadParameter(str(e), param_hint="--otter") from None
    else:
        assignment = load_assignment(assignment_id)
    try:
        check_one_assignment(out, assignment.id)
    except OtherAssignment as e:
        raise click.ClickException(str(e)) from None
    files = discover_submissions(submissions, str(course["layout"]), assignment.id, out)
    policy, roster = policy_for(assignment, course), roster_for(course)
    run = None
    if executor == "dask":
        if not scheduler:
            raise click.UsageError("--executor dask needs --scheduler ADDRESS")
        from autograder.pipelines.dask_executor import dask_results

        run = lambda paths: dask_results(scheduler, assignment, paths)  # noqa: E731
    if plots is None and ci_mode:
        plots = False
    with _progress(f"grading {assignment.id}", len(files), quiet=ci_mode or not sys.stderr.isatty()) as advance:
        try:
            outcome = grade_batch(assignment, files, out, jobs=jobs or default_jobs(), lang=lang,
                                  on_result=advance, executor=run, plots=plots, roster=roster, policy=policy)
        except (OSError, TimeoutError) as e:
            if executor != "dask":
                raise
            raise click.ClickException(f"cannot reach the Dask scheduler at {scheduler}: {e} / Dask 스케줄러에 연결할 수 "
                                       f"없습니다. 주소와 `dask scheduler`가 실행 중인지 확인하세요.") from None
    if ci_mode:
        _ci_report(assignment, outcome.results, lang)
    else:
        _print_table(assignment, outcome.results)
    report_course(outcome, roster is not None)
    click.echo(f"graded {outcome.graded_now}, reused {outcome.reused} from the gradebook, in {outcome.seconds:.1f} s")
    click.echo(f"results: {out}/<submission>/results.json, {out / 'grades.csv'}, {out / 'gradebook.sqlite'}")
    if (out / "report.html").exists():
        click.echo(f"class report: {(out / 'report.html').resolve()}")
    sys.exit(0 if len(outcome.results) == len(files) else 1)


@contextlib.contextmanager
def _progress(description: str, total: int, quiet: bool):
    """A progress bar on the terminal (rich, imported only then); yields the per-result callback."""
    if quiet:
        yield lambda result: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task(description, total=total)
        yield lambda result: bar.advance(task)
        bar.update(task, completed=total)


def _ci_report(assignment: Assignment, results: list[SubmissionResult], lang: str) -> None:
    import os

    from autograder.outputs import results as results_io

    for line in results_io.github_annotations(results, lang):
        click.echo(line)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as f:
            f.write(results_io.markdown_summary(results, [q.name for q in assignment.questions], lang))


def _print_table(assignment: Assignment, results: list[SubmissionResult]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{assignment.id} — {len(results)} submission(s)")
    for col in ("submission", "score", "status", "diagnoses"):
        table.add_column(col)
    for r in sorted(results, key=lambda r: r.submission):
        diags = ", ".join(sorted({t.diagnosis for t in r.tests if t.diagnosis}))
        table.add_row(r.submission, f"{r.score:g}/{r.max_score:g}", r.status, diags)
    Console().print(table)


@main.command("report")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--assignment", "-a", "assignment_id", default=None, help="Only this assignment's results.")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def report_cmd(out_dir: str, assignment_id: str | None, lang: str) -> None:
    """Render results.json, grades.csv and the HTML reports in OUT_DIR again from its gradebook."""
    path = default_path(Path(out_dir))
    if not path.exists():
        raise click.BadParameter(f"no gradebook at {path}", param_hint="OUT_DIR")
    book = Gradebook(path)
    present = book.assignments()
    if len(present) > 1 or (assignment_id and present and present != [assignment_id]):
        book.close()
        held = ", ".join(present)
        raise click.ClickException(
            f"{out_dir} holds {held}; one output folder holds one assignment, and rendering "
            f"{assignment_id or 'them'} here would overwrite grades.csv, summary.json and report.html / "
            f"이 폴더에는 {held} 과제의 결과가 있습니다. 과제마다 다른 폴더를 쓰세요.")
    try:
        for a_id in [assignment_id] if assignment_id else present:
            assignment = output_assignment(out_dir, a_id)
            results = book.results(a_id)
            write_outputs(assignment, results, Path(out_dir), lang, plots=True)  # asked for: draw them
            click.echo(f"{a_id}: {len(results)} result(s) rendered into {out_dir}")
    finally:
        book.close()


@main.command("check")
@click.argument("notebook", type=click.Path(exists=True, dir_okay=False))
@click.option("--assignment", "-a", "assignment_id", default=None, help="Assignment id (default: from the notebook).")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def check_cmd(notebook: str, assignment_id: str | None, lang: str) -> None:
    """Run the public tests on a student's NOTEBOOK, sandboxed, and print what passed."""
    zygote = Zygote()  # first: it starts while the assignment loads
    assignment = load_assignment(assignment_id or _guess_assignment(Path(notebook)))
    try:
        result = grade(assignment, Path(notebook), zygote, public_only=True)
    finally:
        zygote.close()
    if result.status == "error":
        click.echo(result.error_ko if lang == "ko" else result.error_en)
        sys.exit(3)
    for t in result.tests:
        mark = "✅" if t.passed else "❌"
        click.echo(f"{mark} {t.question}: {t.name}" + ("" if t.passed else f"\n   {t.output(lang)}".replace("\n", "\n   ")))
    click.echo(f"{result.score:g}/{result.max_score:g} " + ("공개 테스트 점수" if lang == "ko" else "public test points"))
    # 0: every public test passed; 1: some failed; 3: the notebook could not be read (2: bad arguments)
    sys.exit(0 if all(t.passed for t in result.tests) else 1)


def _guess_assignment(path: Path) -> str:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        if meta.get("autograder", {}).get("assignment"):
            return meta["autograder"]["assignment"]
    except (ValueError, OSError, AttributeError):
        pass
    for assignment_id in list_ids():
        if path.stem.startswith(assignment_id):
            return assignment_id
    raise click.BadParameter("cannot tell which assignment this is; pass --assignment", param_hint="NOTEBOOK")


@main.command("list")
def list_cmd() -> None:
    """List the assignments and their questions with points."""
    for assignment_id in list_ids():
        a = Assignment.load(assignment_id)
        click.echo(f"{a.id}  {a.title.get('ko', '')} / {a.title.get('en', '')}  ({a.max_points:g} points)")
        for q in a.questions:
            hidden = sum(t.hidden for t in q.tests)
            title = q.title.get("en", "")
            click.echo(f"    {q.name:<22} {q.points:>5g} pts  {len(q.tests) - hidden} public + {hidden} hidden tests  {title}")


@main.command("build")
@click.argument("assignment_ids", nargs=-1)
def build_cmd(assignment_ids: tuple[str, ...]) -> None:
    """Build the student notebooks from assignments/<id>/notebook.py (all when none given)."""
    import os

    from autograder.course.authoring import write_notebook

    if not os.environ.get("AUTOGRADER_COURSE") and not (Path.cwd() / "assignments").is_dir():
        raise click.UsageError("run `autograder build` in the course checkout (the folder holding assignments/), or set "
                               "AUTOGRADER_COURSE; it would otherwise rewrite the notebooks of the installed package / "
                               "과정 폴더(assignments/가 있는 곳)에서 실행하거나 AUTOGRADER_COURSE를 지정하세요.")
    for assignment_id in assignment_ids or list_ids():
        a = load_assignment(assignment_id)
        if (a.public_dir / "notebook.py").exists():
            click.echo(f"wrote {write_notebook(a)}")


def _register_packaging_commands() -> None:
    """`gradescope` and `release` live in their own module (autograder/cli/packaging.py)."""
    try:
        from autograder.cli.packaging import gradescope_cmd, release_cmd
    except ImportError:
        return
    main.add_command(gradescope_cmd, "gradescope")
    main.add_command(release_cmd, "release")



def _register_authoring_commands() -> None:
    """`new`, `validate` and `import-otter` live in autograder/cli/authoring.py."""
    from autograder.cli.authoring import import_otter_cmd, new_cmd, validate_cmd

    for cmd in (new_cmd, validate_cmd, import_otter_cmd):
        main.add_command(cmd)


_register_packaging_commands()
_register_authoring_commands()


def _register_insight_commands() -> None:
    """`similarity` and `variants suggest` live in autograder/cli/insight.py."""
    from autograder.cli.insight import similarity_cmd, variants_group

    main.add_command(similarity_cmd, "similarity")
    main.add_command(variants_group, "variants")


_register_insight_commands()
register_course_commands(main)  # export, feedback, adjust (autograder/cli/course.py)

if __name__ == "__main__":
    main()
