"""newsstreams: streaming news enrichment on Kafka."""

__version__ = "0.1.0"
