"""The student's process and the zygote that forks it: hardening, then running the student's cells.

May import only :mod:`autograder.wire`, the standard library and numpy (plus pyseccomp, and matplotlib
or keras preloaded for the students' own cells); never tests, solutions,
variants or anything of the grader, and it trusts nothing it receives.
"""
