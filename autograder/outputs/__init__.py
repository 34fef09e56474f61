"""What grading leaves behind: results.json, grades.csv and junit.xml, the SQLite gradebook,
feedback pages and the class report.

May import :mod:`autograder.grader` (for the result types) and :mod:`autograder.course`; never
starts a student process.
"""
