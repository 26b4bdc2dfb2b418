"""Benchmarks for large cases: a case generator and the targets of ``python -m benchmarks.run``.

Not part of the default test run.
"""
