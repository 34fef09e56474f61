"""Test authors write ``from autograder import checks``; the module lives in autograder/grader/checks.py."""

import sys

from autograder.grader import checks

sys.modules[__name__] = checks
