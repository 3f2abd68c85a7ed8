"""Benchmark of the portfolio pages on PostgreSQL (see README.md; `make bench`)."""
