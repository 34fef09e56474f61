"""Everything in this package runs in the student's process or in the zygote that forks it.

It must never import tests, solutions or variants, and it trusts nothing it receives.
The grader talks to it only through :mod:`autograder.wire`.
"""
