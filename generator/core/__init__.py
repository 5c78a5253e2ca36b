"""The core: the publication as data, read and checked once, knowing nothing of any output.

Models, the strict front-matter reader, loading, the rules and their catalogue,
figures, and the data behind the validate, report, schema and new commands.
Nothing here imports an engine, the PDF or the command line (tests/test_seams.py).
"""
