"""Sandboxed autograder for the deep-learning course.

Folders by who runs what: ``wire`` (what crosses the trust boundary), ``sandbox/`` (the
student's process), ``grader/`` (the trusted side of one submission), ``course/`` (assignments
and submissions on disk), ``outputs/`` (results, gradebook, reports), ``pipelines/`` (batches,
Dask, packaging, CI, otter) and ``cli/``. Test authors import ``autograder.checks`` and
``autograder.diagnosis``, which stay at the top level.
"""
