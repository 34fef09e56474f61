"""``autograder gradescope`` and ``autograder release`` (registered by autograder/cli/main.py)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import click

from autograder.course.assignments import Assignment
from autograder.pipelines.packaging import build_gradescope_zip, build_release, releasable_ids


def _load(assignment_id: str, param_hint: str) -> Assignment:
    try:
        return Assignment.load(assignment_id)
    except (KeyError, FileNotFoundError) as e:
        raise click.BadParameter(str(e).strip("'\""), param_hint=param_hint) from None


@click.command("gradescope")
@click.argument("assignment_id")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Folder for <ID>-gradescope.zip.")
def gradescope_cmd(assignment_id: str, out_dir: str) -> None:
    """Write OUT/<ASSIGNMENT_ID>-gradescope.zip, the autograder zip to upload to Gradescope.

    It holds setup.sh and run_autograder at its root and source/: the engine and this one
    assignment (its notebook, public and hidden tests, reference solution and variants).
    """
    assignment = _load(assignment_id, "ASSIGNMENT_ID")
    try:
        path = build_gradescope_zip(assignment, Path(out_dir))
    except (FileNotFoundError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    with zipfile.ZipFile(path) as z:
        count = len(z.infolist())
    click.echo(f"wrote {path} ({count} files, {path.stat().st_size / 1024:.0f} KiB)")
    click.echo(f"Gradescope: set the assignment's total points to {assignment.max_points:g}, choose a base image "
               "whose python3 is 3.11 or newer, and upload this zip as the autograder (see docs/pipelines.md).")
    if assignment.keras:
        click.echo("This assignment uses Keras: setup.sh installs TensorFlow, so the image build takes a few minutes.")


@click.command("release")
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False), default="release", show_default=True,
              help="Folder for the student bundle (replaced if it holds an earlier release).")
@click.argument("assignment_ids", nargs=-1)
def release_cmd(out_dir: str, assignment_ids: tuple[str, ...]) -> None:
    """Write the student bundle for ASSIGNMENT_IDS (default: every assignment with a notebook).

    Per assignment <id>/<id>.ipynb and <id>/tests/*.py (public tests only), plus one
    requirements.txt and a bilingual README.md. Nothing from solutions/.
    """
    for assignment_id in assignment_ids:
        _load(assignment_id, "ASSIGNMENT_IDS")
    ready, missing = releasable_ids(assignment_ids or None)
    if assignment_ids and missing:
        raise click.BadParameter(f"no notebook yet for {', '.join(missing)} (run `autograder build` first)",
                                 param_hint="ASSIGNMENT_IDS")
    for assignment_id in missing:
        click.echo(f"skipped {assignment_id}: no notebook yet", err=True)
    try:
        out = build_release([Assignment.load(i) for i in ready], Path(out_dir))
    except (FileNotFoundError, FileExistsError, ValueError) as e:
        raise click.ClickException(str(e)) from None
    for assignment_id in ready:
        click.echo(f"released {out / assignment_id}")
    click.echo(f"wrote {out / 'requirements.txt'} and {out / 'README.md'}")
