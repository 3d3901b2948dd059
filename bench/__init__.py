"""Benchmarks: each module measures a target as a ratio to a floor timed in the same run."""
