"""The trusted side of one submission: start the student process, run the tests against it,
compare, diagnose and score.

May import :mod:`autograder.wire` and :mod:`autograder.course`; never the sandbox's cell runner
(the student process is started by module name, and spoken to only through the wire).
"""
