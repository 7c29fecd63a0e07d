"""The newsroom view: a read-only web page over the enriched and diplomacy topics.

Runs as its own process (`newsstreams view`), never inside a worker: a worker sees only
its own partitions, and a bug in a web page must never cost the group a rebalance.
"""
