"""The first acceptance case: the seed wire article, exactly as shipped in examples/."""

from pathlib import Path

import pytest

from streams.enrichment.article import decode_article
from tests.support.schema import assert_valid_record

SEED = Path(__file__).resolve().parents[2] / "examples" / "articles" / "000_seed_bush_putin_letter.txt"


@pytest.fixture(scope="module")
def record(enricher):
    return enricher.enrich(decode_article(SEED.read_bytes()))


def test_seed_is_copied_byte_for_byte_from_shared():
    shared = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_1cc7e1a563c3987e.txt"
    if shared.exists():
        assert SEED.read_bytes() == shared.read_bytes()
    assert not SEED.read_bytes().endswith(b"\n")


def test_parts_of_the_wire_article(record):
    assert record["dateline"] == "MOSCOW"
    assert record["headline"] == "Bush letter to Putin opens up possibility of deeper negotiations"
    assert record["source"] == "NEW YORK TIMES"
    assert "about the writer" not in record["body"] and "Star Tribune" not in record["body"]


def test_boilerplate_names_do_not_become_entities(record):
    texts = {m["text"] for e in record["entities"] for m in e["mentions"]} | {e["canonical"] for e in record["entities"]}
    assert not any("Star Tribune" in t or "Ryan" in t for t in texts)


def test_routed_as_diplomacy_with_reasons(record):
    assert record["diplomacy"]["is_diplomacy"] is True
    assert 0.5 <= record["diplomacy"]["score"] <= 1
    assert any("RU" in s and "US" in s for s in record["diplomacy"]["signals"])


def test_countries(record):
    assert set(record["countries"]) == {"RU", "US"}


def test_people_with_putin_merged(record):
    people = {e["canonical"]: e for e in record["entities"] if e["label"] == "PERSON"}
    assert {"Vladimir Putin", "Condoleezza Rice", "Robert Gates", "Dmitry Medvedev", "Bush"} <= set(people)
    assert "Putin" not in people
    assert people["Vladimir Putin"]["count"] >= 6  # the headline and body mentions, all merged into one person
    assert not any(e["label"] == "ORG" and e["canonical"] in ("State", "Defense") for e in record["entities"])


def test_quotes_and_speakers(record):
    quotes = {q["text"]: q for q in record["quotes"]}
    assert quotes["a very serious document."]["speaker"] == "Vladimir Putin"
    believe = next(q for t, q in quotes.items() if t.startswith("We believe that in some of these issues"))
    assert believe["speaker"] == "Vladimir Putin" and believe["type"] == "direct"
    assert "dot the I's" in believe["text"]
    assert quotes["strategic framework"]["type"] == "term" and quotes["strategic framework"]["speaker"] is None
    assert len(record["quotes"]) == 3


def test_record_matches_the_published_schema(record):
    assert_valid_record(record)


def _statement(record, cue, starting):
    found = [s for s in record["statements"] if s["cue"] == cue and s["text"].startswith(starting)]
    assert len(found) == 1, [s["text"] for s in record["statements"]]
    return found[0]


def test_putins_warning_is_a_statement_with_its_speaker(record):
    warning = _statement(record, "warned", "that significant differences remained")
    assert warning["speaker"] == "Vladimir Putin" and warning["speaker_kind"] == "person"
    assert warning["quotes"] == []
    assert record["body"][warning["start"]:warning["end"]] == warning["text"]


def test_rices_account_of_the_letter_is_a_statement(record):
    account = _statement(record, "said", "that Bush had sent the letter to Putin within the past five days")
    assert account["speaker"] == "Condoleezza Rice"
    assert account["speaker_text"] == "Rice"


def test_mixed_attribution_is_one_statement_holding_one_partial_quote(record):
    serious = next(i for i, q in enumerate(record["quotes"]) if q["text"] == "a very serious document.")
    holding = [s for s in record["statements"] if serious in s["quotes"]]
    assert len(holding) == 1  # the quoted words are counted once, inside one statement
    statement = holding[0]
    assert statement["speaker"] == "Vladimir Putin" and statement["cue"] == "said"
    assert statement["quotes"] == [serious] and record["quotes"][serious]["type"] == "partial"
    assert statement["text"].startswith("a letter from Bush")


def test_no_statement_repeats_a_direct_quote(record):
    direct = [q for q in record["quotes"] if q["type"] == "direct"]
    for statement in record["statements"]:
        for quote in direct:
            assert quote["text"] not in statement["text"]


def test_quotes_carry_the_kind_of_their_source(record):
    assert {q["speaker_kind"] for q in record["quotes"] if q["speaker"]} == {"person"}
    assert all(q["speaker_kind"] is None for q in record["quotes"] if q["type"] == "term")
