"""Kafka plumbing shared by the worker and the CLI: client options, topic admin, dead letters."""
