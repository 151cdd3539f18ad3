"""Benchmarks of directive-kg at national scale (`python -m bench.run`)."""
