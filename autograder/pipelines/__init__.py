"""Ways to grade many submissions or ship an assignment: batches, Dask, Gradescope and release
bundles, CI templates, otter-grader import.

Composes :mod:`autograder.grader`, :mod:`autograder.course` and :mod:`autograder.outputs`.
"""
