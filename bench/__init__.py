"""Benchmarks: scripts that time real work on generated data; not part of the test run."""
