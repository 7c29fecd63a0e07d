"""Any Kafka client: kcat (librdkafka, C) produces and reads what a worker enriches.

kcat is Debian's package, installed by deploy/dev/system-packages.sh (make test).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from streams.enrichment.admission import read_article
from tests.support.kafka import read_topic
from tests.support.schema import assert_valid_record

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("kcat") is None, reason="kcat not installed (deploy/dev/system-packages.sh)"),
]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"
WIRE = EXAMPLES / "000_seed_bush_putin_letter.txt"
JSON_ARTICLE = {"id": "kcat-json-1", "headline": "Envoys resume talks in Seoul", "body": (
    "Foreign ministers from Japan and South Korea met in Seoul on Tuesday for talks on a fisheries accord.\n"
    "\"We have agreed to keep talking,\" said Japanese Foreign Minister Aiko Tanabe.")}
# Separates kcat's output records: no article holds it.
END = "\x1e"


def kcat(settings, *args, stdin: bytes | None = None, timeout: float = 60) -> bytes:
    result = subprocess.run(["kcat", "-b", settings.kafka_bootstrap, *args], input=stdin,
                            capture_output=True, timeout=timeout)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout


def kcat_read(settings, topic: str) -> list[tuple[str, str, str]]:
    """(key, headers, value) of every record, read by kcat from the beginning to the end."""
    out = kcat(settings, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", f"%k\x1f%h\x1f%s{END}")
    return [tuple(record.split("\x1f", 2)) for record in out.decode().split(END) if record]


def test_kcat_produces_and_reads_what_the_worker_enriches(make_settings, start_worker, tmp_path):
    settings = make_settings()
    start_worker(settings)
    json_file = tmp_path / "article.json"
    json_file.write_text(json.dumps(JSON_ARTICLE))
    # A file argument is one message, its bytes as they are: the raw wire text keeps its lines.
    kcat(settings, "-P", "-t", settings.topic_input, str(WIRE), str(json_file))
    # A message from stdin, keyed by kcat: a JSON scalar, to be dead-lettered.
    kcat(settings, "-P", "-t", settings.topic_input, "-K", "\t", stdin=b"kcat-bad\tnull\n")

    wire_id = read_article(WIRE.read_bytes()).id
    read_topic(settings, settings.topic_enriched, expected=2, want={wire_id, JSON_ARTICLE["id"]}, settle=0.5)
    read_topic(settings, settings.topic_dlq, expected=1, settle=0.5)

    enriched = {key: json.loads(value) for key, _, value in kcat_read(settings, settings.topic_enriched)}
    assert set(enriched) == {wire_id, JSON_ARTICLE["id"]}
    for record in enriched.values():
        assert_valid_record(record)
    assert enriched[wire_id]["dateline"] == "MOSCOW" and enriched[wire_id]["diplomacy"]["is_diplomacy"]
    assert enriched[JSON_ARTICLE["id"]]["headline"] == JSON_ARTICLE["headline"]
    assert "JP" in enriched[JSON_ARTICLE["id"]]["countries"]

    ((key, headers, value),) = kcat_read(settings, settings.topic_dlq)
    assert (key, value) == ("kcat-bad", "null")  # the original bytes and key
    # kcat's %h is key=value pairs joined by commas; the error message holds commas of its own.
    fields = dict(h.split("=", 1) for h in re.split(r",(?=newsstreams\.)", headers))
    assert fields["newsstreams.error.reason"] == "invalid_shape"
    assert fields["newsstreams.error.class"] == "InvalidShape"
    assert "JSON null" in fields["newsstreams.error.message"]
    assert fields["newsstreams.source.topic"] == settings.topic_input
