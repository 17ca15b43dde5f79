"""Tools for developers (the synthetic archive the benchmarks build)."""
