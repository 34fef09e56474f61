"""The course on disk: assignments (questions, tests, reference, variants), submissions as they
arrive, and authoring (building student notebooks).

Reads files; runs no student code. May import :mod:`autograder.grader` for loading tests.
"""
