"""`newsstreams bench`: throughput and latency of the enrichment, measured side by side in one run.

corpus        deterministic wire stories written for the benchmark (no external data)
offline       the spaCy ceiling and Enricher.enrich_batch in this process
broker        the local Kafka broker and the isolated topics of one run
workers       worker processes (the product and the naive baseline) and their memory
endtoend      the measured runs on the real broker: throughput and paced latency
report        figures, ratios against the targets, the table and the JSON
chart         the PNG (matplotlib, from the `bench` extra)
"""
