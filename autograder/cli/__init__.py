"""The ``autograder`` command line, thin: parse options, call the pipelines, print.

May import every role but the sandbox.
"""

from autograder.cli.main import main

__all__ = ["main"]
