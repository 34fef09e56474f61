"""``python -m autograder.cli`` (as Gradescope's run_autograder calls it)."""

from autograder.cli.main import main

main()
