"""Archive text writes a double quotation mark as two apostrophes: its quotes are quotes."""

from streams.enrichment.article import clean_line, decode_article
from streams.evaluation.alignment import SourceMap
from streams.evaluation.polnear_gold import quoted_passages

SOURCE = "Talks resume\n''We are ready to sign,'' the minister said. It is Sam's turn.\n"


def test_two_apostrophes_are_read_as_one_double_mark():
    assert clean_line("''We are ready,'' she said.") == '"We are ready," she said.'
    assert clean_line("It is Sam's turn.") == "It is Sam's turn."


def test_a_quote_in_two_apostrophes_is_found_with_its_speaker(enricher):
    record = enricher.enrich(decode_article(SOURCE.encode()))
    assert [(q["text"], q["type"]) for q in record["quotes"]] == [("We are ready to sign,", "direct")]


def test_record_offsets_map_back_to_the_source_through_the_apostrophes():
    body = clean_line(SOURCE.split("\n")[1])
    source = SourceMap(SOURCE, "Talks resume", body, SOURCE.index("\n") + 1)
    start = body.index("We")
    span = source.span("body", start, start + len("We are ready to sign,"))
    assert SOURCE[span[0]:span[1]] == "We are ready to sign,"
    said = body.index("the minister")
    mapped = source.span("body", said, said + len("the minister said"))
    assert SOURCE[mapped[0]:mapped[1]] == "the minister said"


def test_the_gold_rule_reads_them_as_double_marks_too():
    (start, end), = quoted_passages(SOURCE)
    assert SOURCE[start:end].strip("'") == "We are ready to sign,"
