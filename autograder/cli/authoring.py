"""``autograder new``, ``autograder validate`` and ``autograder import-otter`` (registered by
autograder/cli/main.py): writing and checking assignments."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autograder.course.assignments import Assignment, course_root, list_ids


def _root() -> Path:
    try:
        return course_root()
    except FileNotFoundError:
        return Path.cwd()


@click.command("new")
@click.argument("assignment_id")
@click.option("--question", "-q", default="scale", show_default=True, help="The first question's function name.")
@click.option("--title-ko", default=None, help="Korean title (default: the id).")
@click.option("--title-en", default=None, help="English title (default: the id).")
def new_cmd(assignment_id: str, question: str, title_ko: str | None, title_en: str | None) -> None:
    """Scaffold ASSIGNMENT_ID: assignment.toml, notebook source with one question, public and
    hidden tests, reference, variants; it passes `autograder validate` as generated."""
    from autograder.course.scaffold import scaffold

    root = _root()
    (root / "assignments").mkdir(exist_ok=True)
    try:
        a = scaffold(assignment_id, root, question=question, title_ko=title_ko, title_en=title_en)
    except (ValueError, FileExistsError) as e:
        raise click.BadParameter(str(e), param_hint="ASSIGNMENT_ID") from None
    for path in sorted(p for d in (a.public_dir, a.private_dir) for p in d.rglob("*") if p.is_file()):
        click.echo(f"wrote {path.relative_to(root)}")
    click.echo(f"next: edit them, `autograder build {a.id}`, then `autograder validate {a.id}` "
               f"/ 파일을 고친 뒤 build, validate 하세요 (docs/authoring.md)")


@click.command("validate")
@click.argument("assignment_ids", nargs=-1)
@click.option("--seeds", "n_seeds", type=int, default=20, show_default=True,
              help="Hidden seeds under which every variant must earn the same points.")
@click.option("--only", "only", multiple=True, help="Run only this check (repeatable): layout, notebook, "
              "reference, variants, hidden-tests, same-points, engine, jupyter, keras.")
@click.option("--skip", "skip", multiple=True, help="Skip this check (repeatable).")
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True)
def validate_cmd(assignment_ids: tuple[str, ...], n_seeds: int, only: tuple[str, ...], skip: tuple[str, ...],
                 lang: str) -> None:
    """Check ASSIGNMENT_IDS (default: all) as the project's own tests would, and print a report.
    Exits 1 if any check fails."""
    from autograder.course.validate import ALL_CHECKS, validate

    unknown = sorted((set(only) | set(skip)) - set(ALL_CHECKS))
    if unknown:
        raise click.BadParameter(f"unknown checks {unknown}; known: {', '.join(ALL_CHECKS)}", param_hint="--only/--skip")
    wanted = tuple(c for c in ALL_CHECKS if (not only or c in only) and c not in skip)
    ok = True
    for assignment_id in assignment_ids or list_ids():
        try:
            a = Assignment.load(assignment_id)
        except (KeyError, FileNotFoundError) as e:
            raise click.BadParameter(str(e).strip("'\""), param_hint="ASSIGNMENT_IDS") from None
        report = validate(a, n_seeds=n_seeds, only=wanted)
        click.echo(report.render(lang))
        ok = ok and report.ok
    sys.exit(0 if ok else 1)


@click.command("import-otter")
@click.argument("master", type=click.Path(exists=True, dir_okay=False))
@click.option("--id", "assignment_id", required=True, help="The new assignment's id.")
@click.option("--force", is_flag=True, default=False, help="Replace an assignment of that id.")
def import_otter_cmd(master: str, assignment_id: str, force: bool) -> None:
    """Turn an otter-grader master notebook into a native assignment: solution cells into the
    reference, test cells into public and hidden test files, the student notebook built from it."""
    from autograder.pipelines.otter_master import MasterError, import_master

    try:
        a = import_master(Path(master), _root(), assignment_id, force=force)
    except (MasterError, FileExistsError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    n = sum(len(q.tests) for q in a.questions)
    click.echo(f"imported {len(a.questions)} questions, {n} tests into assignments/{a.id} and solutions/{a.id}; "
               f"wrote {a.notebook}")
    click.echo(f"next: add variants to solutions/{a.id}/variants.py, then `autograder validate {a.id}`")
