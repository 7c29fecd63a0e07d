"""What the page receives: summaries, a story cut into quote and entity runs, filters, facets."""

from streams.view import stories
from streams.view.reader import is_story, start_offset

BODY = 'Putin said "we agree on Ukraine" in Moscow. Critics called it "theatre."\nRice met Lavrov.'


def record(**changes):
    base = {
        "id": "a1",
        "headline": "Putin and Rice talk",
        "dateline": "MOSCOW",
        "source": "WIRE",
        "published_at": None,
        "url": None,
        "body": BODY,
        "entities": [
            {"label": "PERSON", "canonical": "Vladimir Putin", "mentions": [
                {"field": "body", "start": 0, "end": 5, "text": "Putin"},
                {"field": "headline", "start": 0, "end": 5, "text": "Putin"}]},
            {"label": "GPE", "canonical": "Ukraine", "mentions": [{"field": "body", "start": 24, "end": 31, "text": "Ukraine"}]},
            {"label": "GPE", "canonical": "Moscow", "mentions": [{"field": "body", "start": 36, "end": 42, "text": "Moscow"}]},
            {"label": "PERSON", "canonical": "Condoleezza Rice", "mentions": [{"field": "body", "start": 73, "end": 77, "text": "Rice"}]},
            {"label": "PERSON", "canonical": "Sergei Lavrov", "mentions": [{"field": "body", "start": 82, "end": 88, "text": "Lavrov"}]},
        ],
        "people": ["Vladimir Putin", "Condoleezza Rice", "Sergei Lavrov", "Bush", "Gates"],
        "countries": ["RU", "UA"],
        "countries_mentioned": ["RU", "UA", "US"],
        "quotes": [
            {"text": "we agree on Ukraine", "type": "direct", "speaker": "Vladimir Putin", "speaker_text": "Putin",
             "cue": "said", "field": "body", "start": 12, "end": 31},
            {"text": "theatre.", "type": "partial", "speaker": None, "speaker_text": None, "cue": "called",
             "field": "body", "start": 63, "end": 71},
        ],
        "diplomacy": {"is_diplomacy": True, "score": 0.8123, "threshold": 0.5,
                      "signals": ["two governments: RU, UA", "against: sports vocabulary"]},
    }
    base.update(changes)
    return base


def flatten(groups):
    return "".join(part["text"] for group in groups for part in group["parts"])


def test_runs_rebuild_the_text_exactly():
    r = record()
    assert BODY[12:31] == "we agree on Ukraine" and BODY[73:77] == "Rice"  # the fixture's offsets are right
    assert flatten(stories.runs(BODY, "body", r)) == BODY
    assert flatten(stories.runs(r["headline"], "headline", r)) == r["headline"]


def test_quotes_are_groups_and_entities_are_parts_inside_them():
    groups = stories.runs(BODY, "body", record())
    quoted = [g for g in groups if g["quote"] is not None]
    assert [g["quote"] for g in quoted] == [0, 1]
    assert flatten([quoted[0]]) == "we agree on Ukraine"
    assert {"text": "Ukraine", "entity": "GPE", "name": "Ukraine"} in quoted[0]["parts"]
    outside = [p for g in groups if g["quote"] is None for p in g["parts"] if p["entity"]]
    assert [(p["text"], p["entity"]) for p in outside] == [
        ("Putin", "PERSON"), ("Moscow", "GPE"), ("Rice", "PERSON"), ("Lavrov", "PERSON")]


def test_offsets_count_code_points_so_astral_characters_do_not_shift_marks():
    body = "\U0001F600 Putin said \"yes\" today."  # one code point, two UTF-16 units
    r = record(body=body, quotes=[{"text": "yes", "type": "direct", "speaker": "Vladimir Putin", "speaker_text": "Putin",
                                  "cue": "said", "field": "body", "start": 14, "end": 17}],
               entities=[{"label": "PERSON", "canonical": "Vladimir Putin", "mentions": [{"field": "body", "start": 2, "end": 7}]}])
    groups = stories.runs(body, "body", r)
    assert flatten([g for g in groups if g["quote"] == 0]) == "yes"
    assert [p["text"] for g in groups for p in g["parts"] if p["entity"]] == ["Putin"]


def test_overlapping_or_edge_crossing_spans_are_left_out_not_mangled():
    body = "Alpha Beta Gamma said \"Beta rules\"."
    r = record(body=body, quotes=[{"text": "Beta rules", "type": "direct", "speaker": None, "speaker_text": None,
                                  "cue": None, "field": "body", "start": 23, "end": 33}],
               entities=[
                   {"label": "ORG", "canonical": "Alpha Beta", "mentions": [{"field": "body", "start": 0, "end": 10}]},
                   {"label": "ORG", "canonical": "Beta Gamma", "mentions": [{"field": "body", "start": 6, "end": 16}]},
                   {"label": "ORG", "canonical": "Gamma said Beta", "mentions": [{"field": "body", "start": 11, "end": 27}]},
                   {"label": "MONEY", "canonical": "rules", "mentions": [{"field": "body", "start": 28, "end": 33}]},
               ])
    groups = stories.runs(body, "body", r)
    assert flatten(groups) == body
    marked = [(p["text"], p["entity"]) for g in groups for p in g["parts"] if p["entity"]]
    assert marked == [("Alpha Beta", "ORG"), ("rules", "OTHER")]  # unknown labels get the neutral style


def test_detail_labels_speakers_unattributed_quotes_and_signals():
    detail = stories.detail(record())
    first, second = detail["quote_list"]
    assert (first["label"], first["colour"]) == ("Vladimir Putin", 0)
    assert (second["label"], second["colour"]) == ("unattributed", None)
    assert detail["speakers"] == [{"name": "Vladimir Putin", "colour": 0}]
    assert detail["signals"] == [{"text": "two governments: RU, UA", "against": False},
                                 {"text": "sports vocabulary", "against": True}]


def test_term_quotes_are_labelled_as_terms_and_speakers_get_distinct_colours():
    quotes = [
        {"text": "a", "type": "direct", "speaker": "Ann", "speaker_text": "Ann", "cue": "said", "field": "body", "start": 0, "end": 1},
        {"text": "b", "type": "term", "speaker": None, "speaker_text": None, "cue": None, "field": "body", "start": 2, "end": 3},
        {"text": "c", "type": "direct", "speaker": "Bo", "speaker_text": "Bo", "cue": "said", "field": "body", "start": 4, "end": 5},
        {"text": "d", "type": "partial", "speaker": "Ann", "speaker_text": "she", "cue": "said", "field": "body", "start": 6, "end": 7},
    ]
    detail = stories.detail(record(body="a b c d and more", quotes=quotes, entities=[]))
    assert [(q["label"], q["colour"]) for q in detail["quote_list"]] == [("Ann", 0), ("term", None), ("Bo", 1), ("Ann", 0)]


def test_summary_shape():
    s = stories.summary(record())
    assert s["route"] == "diplomacy" and s["score"] == 0.81
    assert s["countries"] == [{"code": "RU", "name": "Russian Federation"}, {"code": "UA", "name": "Ukraine"}]
    assert s["people"] == ["Vladimir Putin", "Condoleezza Rice", "Sergei Lavrov", "Bush"]
    assert s["quotes"] == 2 and (s["source"], s["dateline"]) == ("WIRE", "MOSCOW")


def test_only_http_links_survive():
    assert stories.summary(record(url="https://example.org/a?b=1"))["url"] == "https://example.org/a?b=1"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>", "vbscript:x", "//evil", "http:/x"):
        assert stories.summary(record(url=hostile))["url"] is None, hostile


def test_bidi_and_control_characters_are_shown_not_obeyed():
    hostile = "abc\u202edcba\u2066x\u2069\x07 ok\n\tnext"
    assert stories.visible(hostile) == "abc[U+202E]dcba[U+2066]x[U+2069][U+0007] ok\n\tnext"
    s = stories.summary(record(headline="\u202eevil"))
    assert s["headline"] == "[U+202E]evil"
    body_runs = stories.detail(record(body="Go \u202eright now.", quotes=[], entities=[]))["body_runs"]
    assert flatten(body_runs) == "Go [U+202E]right now."


def test_markup_stays_a_string():
    # The page puts strings in text nodes; the JSON must carry them unchanged (no escaping to
    # undo, no stripping that would hide what the article said).
    s = stories.summary(record(headline='<script>alert(1)</script><img src=x onerror="alert(2)">'))
    assert s["headline"] == '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_query_filters():
    dip = record(id="dip")
    sport = record(id="sport", headline="Norway beat the Netherlands", dateline="OSLO", body="A late goal in Oslo decided it.",
                   people=["Erling Haaland"], countries=["NO", "NL"], quotes=[], entities=[],
                   diplomacy={"is_diplomacy": False, "score": 0.1, "threshold": 0.5, "signals": []})
    records = [sport, dip]

    def keep(**params):
        return [s["id"] for s in stories.select(records, stories.Query.from_params(params))]

    assert keep() == ["sport", "dip"]
    assert keep(diplomacy="1") == ["dip"]
    assert keep(diplomacy="0") == ["sport", "dip"]
    assert keep(country="no") == ["sport"]
    assert keep(country="US") == []  # mentioned only, the story is not about it
    assert keep(person="Sergei Lavrov") == ["dip"]
    assert keep(person="Lavrov") == []  # a person filter is an exact name from the facets
    assert keep(q="late GOAL") == ["sport"]
    assert keep(q="haaland") == ["sport"]  # people are searched too
    assert keep(q="goal moscow") == []  # every word must match
    assert keep(q="moscow", diplomacy="1") == ["dip"]
    assert keep(limit="1") == ["sport"]
    assert stories.Query.from_params({"limit": "lots"}).limit == 200
    assert stories.Query.from_params({"limit": "99999"}).limit == 1000


def test_facets_count_stories():
    records = [record(id="1"), record(id="2", countries=["RU"], people=["Vladimir Putin"])]
    f = stories.facets(records)
    assert f["countries"][0] == {"code": "RU", "name": "Russian Federation", "stories": 2}
    assert {"code": "UA", "name": "Ukraine", "stories": 1} in f["countries"]
    assert f["people"][0] == {"name": "Vladimir Putin", "value": "Vladimir Putin", "stories": 2}


def test_reader_keeps_only_story_records_and_starts_n_back():
    assert is_story(record())
    for junk in (None, [], {"id": 1}, {"id": "x", "body": "b"}, {"id": "x", "body": "b", "diplomacy": {}}):
        assert not is_story(junk)
    assert start_offset(beginning=0, end=500, history=200) == 300
    assert start_offset(beginning=450, end=500, history=200) == 450  # older records were deleted by retention
    assert start_offset(beginning=0, end=0, history=200) == 0


def test_statements_are_listed_by_who_said_them():
    statements = [
        {"text": "that talks would resume", "speaker": "Vladimir Putin", "speaker_text": "he", "speaker_kind": "person",
         "cue": "said", "quotes": [], "field": "body", "start": 0, "end": 5},
        {"text": "the visit was postponed", "speaker": None, "speaker_text": "a senior official",
         "speaker_kind": "anonymous", "cue": "said", "quotes": [], "field": "body", "start": 6, "end": 9},
        {"text": "it was <b>final</b>", "speaker": None, "speaker_text": None, "speaker_kind": None,
         "cue": "revealed", "quotes": [], "field": "body", "start": 10, "end": 12},
    ]
    listed = stories.detail(record(statements=statements))["statement_list"]
    assert [(s["label"], s["kind"]) for s in listed] == [
        ("Vladimir Putin", "person"), ("a senior official", "anonymous"), ("unnamed source", "none")]
    assert listed[2]["text"] == "it was <b>final</b>"  # text goes to the page as text (app.js builds nodes), never as HTML


def test_a_record_from_before_statements_still_opens():
    assert stories.detail(record())["statement_list"] == []
