from streams.enrichment.quote_marks import find_quote_spans


def quoted(text):
    return [text[s.start:s.end] for s in find_quote_spans(text)]


def test_straight_and_typographic_double_quotes():
    assert quoted('He said "yes." Then \u201cno,\u201d she said.') == ["yes.", "no,"]


def test_apostrophes_are_not_quotes():
    text = "We can dot the I's at the Kremlin's gate, rock 'n' roll since the '90s."
    assert quoted(text) == []


def test_single_quotes_nested_in_double_are_not_separate_quotes():
    text = "\u201cThey called it \u2018a farce\u2019 and left,\u201d he said."
    assert quoted(text) == ["They called it \u2018a farce\u2019 and left,"]


def test_top_level_single_quotes_are_found():
    assert quoted("Minister warns of \u2018grave consequences\u2019 over vote") == ["grave consequences"]
    assert quoted("The plan is 'dead on arrival', he said.") == ["dead on arrival"]


def test_split_quote_gives_two_spans():
    text = '"We are ready," she said, "but not at any price."'
    assert quoted(text) == ["We are ready,", "but not at any price."]


def test_multi_paragraph_quote_gives_one_span_per_paragraph():
    text = '"First part of the statement.\n"Second part goes on.\n"Last part," he said.'
    spans = find_quote_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["First part of the statement.", "Second part goes on.", "Last part,"]
    assert spans[0].continued and spans[1].continues_previous and spans[2].continues_previous


def test_unbalanced_mark_never_swallows_the_rest():
    text = 'He said "this never closes.\nNext paragraph is plain.\nAnd "this one" is fine.'
    assert quoted(text) == ["this one"]
