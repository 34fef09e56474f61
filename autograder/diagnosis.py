"""Test authors write ``from autograder.diagnosis import misconception``; the module lives in
autograder/grader/diagnosis.py."""

import sys

from autograder.grader import diagnosis

sys.modules[__name__] = diagnosis
