"""The rules a case study must follow, each a function from data to problems.

Rules never raise on bad input and never stop at the first problem: every
problem in every file is reported in one run.
"""
