"""Scoring the enrichment against hand-labelled articles (eval/data/*).

gold.py loads a labelled folder, labels.py holds the comparable shapes,
scoring.py the pure metrics, textacy_baseline.py a reference quote extractor,
and report.py the `newsstreams evaluate` command.
"""
