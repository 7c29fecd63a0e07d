"""Prometheus metrics, query catalogues and the `newsstreams stats` view."""
