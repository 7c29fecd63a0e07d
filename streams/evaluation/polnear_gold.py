"""What PolNeAR's annotations say about quotes: the quoted passages that people are said to have
said, and, where the annotated source is a name, whose name.

PolNeAR annotates attributed *content*, quoted or not. A gold quote here is a passage
between double quotation marks (typographic, straight, or the two apostrophes of the New
York Times' archive text) that lies mostly (at least half of it) inside the content of one
attribution relation; its source is that relation's source. Passages in marks outside any content (titles, scare quotes) are
not speech and are not scored. Single marks are left out: in this corpus they are
overwhelmingly apostrophes, and the few single-quoted passages are headline quotes.

A source "is a name" when, after cutting off what follows a comma, "of", "who", "at",
"from" or a parenthesis ("Edward Alden of the Council on Foreign Relations", "Harry
Reid (D-Nev.)"), its last run of capitalised words is a personal name: not a pronoun,
not a description ("the senator"), not an organisation, party or nationality. A lone
surname is completed with the nearest full name of that surname earlier in the article
whose given name fits the gender of a title (Mrs. Clinton is not Bill Clinton);
a lone word that no given name ever precedes is no name when it is a number or calendar
word, or a word the article also writes in lower case, itself or its singular ("Six in
10 say", "Poll finds", "Analysts say" beside "an analyst").
This is decided from the text and the annotation only, never from the product's output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..enrichment import data
from ..enrichment.article import TWO_APOSTROPHES
from ..enrichment.names import first_name_genders, fold
from .polnear import PolnearArticle, Relation

MIN_SHARE_IN_CONTENT = 0.5
_DOUBLE_OPEN, _DOUBLE_CLOSE, _STRAIGHT = "\u201c", "\u201d", '"'
_CUT = re.compile(r",|\(|\s(?:of|who|whose|at|from|with|in|on|for|to)\s|\s[-\u2013\u2014]\s")
_WORD = re.compile(r"[^\s]+")
DETERMINERS = frozenset("the a an another this that these those some one many several both each".split())
PRONOUNS = frozenset("he she they it i we you who which that his her their its him them me us one".split())
PARTICLES = frozenset("de da do dos das du del della der den van von la le al bin ibn el st. mc".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten half most all none majorities majority "
                         "many some few several".split())
CALENDAR_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april "
                           "june july august september october november december".split())
# Parties, movements and peoples that stand as sources on their own ("Republicans said").
SUFFIXES = frozenset("jr sr ii iii iv".split())
GROUP_WORDS = frozenset(
    "republican republicans democrat democrats democratic gop conservatives liberals progressives "
    "evangelicals independents americans voters supporters critics officials aides".split()
)


@dataclass(frozen=True)
class GoldQuote:
    start: int  # offsets into the article text, inside the marks
    end: int
    text: str
    source_text: str  # the annotated source, as written ("he", "Trump", "the campaign")
    speaker: str | None  # the source's personal name, when it is one


def gold_quotes(article: PolnearArticle) -> list[GoldQuote]:
    quotes = []
    for start, end in quoted_passages(article.text):
        relation = _relation_holding(article.relations, start, end)
        if relation is None:
            continue
        source_text = article.span_text(relation.source).strip()
        speaker = source_name(article, relation)
        quotes.append(GoldQuote(start, end, article.text[start:end], source_text, speaker))
    return quotes


def quoted_passages(text: str) -> list[tuple[int, int]]:
    """(start, end) inside each pair of double marks, paragraph by paragraph. A mark left open
    at the end of a paragraph closes there (wire style: the quote goes on in the next one)."""
    passages = []
    position = 0
    # two apostrophes are one double mark (archive style); the second stays inside the passage,
    # which keeps every offset and costs a match nothing
    text = text.replace(TWO_APOSTROPHES, _STRAIGHT + "'")
    for line in text.split("\n"):
        open_at = None
        for i, ch in enumerate(line):
            if ch == _DOUBLE_OPEN or (ch == _STRAIGHT and open_at is None):
                if open_at is None:
                    open_at = i + 1
            elif ch in (_DOUBLE_CLOSE, _STRAIGHT) and open_at is not None:
                if i > open_at:
                    passages.append((position + open_at, position + i))
                open_at = None
        if open_at is not None and len(line.rstrip()) > open_at:
            passages.append((position + open_at, position + len(line.rstrip())))
        position += len(line) + 1
    return passages


def _relation_holding(relations: tuple[Relation, ...], start: int, end: int) -> Relation | None:
    best, best_share = None, MIN_SHARE_IN_CONTENT
    for relation in relations:
        inside = sum(max(0, min(end, b) - max(start, a)) for a, b in relation.content)
        share = inside / max(1, end - start)
        if share >= best_share and (best is None or share > best_share):
            best, best_share = relation, share
    return best


def source_name(article: PolnearArticle, relation: Relation) -> str | None:
    """The personal name in a relation's source, completed from the article when it is a surname."""
    if not relation.source:
        return None
    text = article.span_text(relation.source[:1]).strip()
    words = name_words(text)
    if not words:
        return None
    if len(words) == 1:
        full = _full_name_before(article.text, words[0], relation.source[0][0], _title_gender(text))
        if full is None and _common_word(article.text, words[0]):
            return None  # "Six in 10 say", "Poll finds", "Mourners say": a word, not a name
        return full or words[0]
    return " ".join(words)


def named_source(attribution: dict[str, Any]) -> str | None:
    """The predicted side of source_name, read from a record's quote or statement: its person,
    or, when the source is an organisation ("Politico reported", "Pew found"), the words that
    name it, since PolNeAR annotates the organisation as the source too."""
    if attribution.get("speaker"):
        return str(attribution["speaker"])
    if attribution.get("speaker_kind") == "organisation" and attribution.get("speaker_text"):
        return str(attribution["speaker_text"])
    return None


def _title_gender(source: str) -> str | None:
    """"m" for "Mr. Clinton", "f" for "Mrs. Clinton" or "Ms. Warren", None without such a title."""
    titles = data.load("people.json")
    for word in source.lower().split():
        if word in titles["male_titles"]:
            return "m"
        if word in titles["female_titles"]:
            return "f"
    return None


def _common_word(text: str, word: str) -> bool:
    """A lone capitalised source, never written after a given name, that is a number, a day or
    month, or a word the article also writes in lower case, itself or its singular (so it is
    capitalised only by its place at the start of a sentence or a headline)."""
    lowered = word.lower()
    if lowered in NUMBER_WORDS or lowered in CALENDAR_WORDS:
        return True
    forms = [lowered]
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        forms.append(lowered[:-1])  # "Analysts say" where the article writes "an analyst": a group, not a person
    return any(re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text) for form in forms)


def name_words(source: str) -> list[str]:
    """The words of the personal name a source phrase gives, or [] if it gives none."""
    head = _CUT.split(source, maxsplit=1)[0].strip()
    tokens = [_strip_possessive(t) for t in _WORD.findall(head)]
    if not tokens or tokens[0].lower() in DETERMINERS or " and " in f" {head.lower()} ":
        return []
    if any(t.lower() in PRONOUNS for t in tokens):
        return []
    run: list[str] = []
    for raw, token in zip(_WORD.findall(head), tokens):  # the last run of name-like words: "campaign manager Robby Mook"
        if _name_like(token) or (run and token.lower() in PARTICLES):
            run.append(token)
        else:
            run = []
        if raw != token and raw.rstrip(".,;:") != token:
            run = [] if token is not tokens[-1] else run  # "Gallup's Jeffrey Jones": the owner is not the name
    titled = [i for i, t in enumerate(run) if _is_title(t)]
    if titled:
        run = run[titled[-1] + 1:]  # "Sen. Ted Cruz", "French Prime Minister Manuel Valls"
    while run and run[0].lower() in PARTICLES:
        run = run[1:]
    while run and run[-1].lower().rstrip(".,") in SUFFIXES:
        run = run[:-1]  # "Robert P. Casey Jr."
    while len(run) > 2 and not _given_name_or_initial(run[0]):
        run = run[1:]  # "Comedian George Lopez"
    if not run or len(run) > 4:
        return []
    lowered = {t.lower() for t in run}
    if lowered & _organisation_words() or lowered & GROUP_WORDS:
        return []
    return run


def _name_like(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    if not letters or not token[0].isupper():
        return False
    if len(letters) == 1:
        return token.endswith(".")  # an initial, "M."
    return any(c.islower() for c in letters)  # "CNN", "GOP" are not names


def _strip_possessive(token: str) -> str:
    return re.sub(r"(?:'s|\u2019s|'|\u2019)$", "", token).strip(".,;:\"\u201c\u201d") if len(token) > 2 else token


def _full_name_before(text: str, surname: str, position: int, gender: str | None = None) -> str | None:
    """"Trump" -> "Donald Trump": the nearest "<First> [<Middle>] Trump" before the source (or,
    failing that, the first after it). gender: the source's title says it ("Mrs. Clinton"), so
    a full name whose given name is of the other gender is not it (Bill Clinton)."""
    found = []
    for match in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
        firsts = _first_names_before(text, match.start())
        if firsts and gender is not None and first_name_genders().get(fold(firsts[0])) not in (None, gender):
            continue
        if firsts:
            found.append((match.start(), " ".join(firsts + [surname])))
    before = [name for start, name in found if start < position]
    if before:
        return before[-1]
    return found[0][1] if found else None


def _first_names_before(text: str, end: int) -> list[str]:
    """The given name (and a middle name or initial) right before `end`: only a known given
    name or an initial counts, so "Democrat Clinton" or "Despite Rubio" are never names."""
    words: list[str] = []
    preceding = text[text.rfind("\n", 0, end) + 1:end]
    for word in reversed(preceding.split(" ")[:-1] if preceding.endswith(" ") else []):
        if len(words) == 2 or not _given_name_or_initial(word):
            break
        words.insert(0, word)
    while words and re.fullmatch(r"[A-Z]\.", words[0]):
        words = words[1:]  # a first name, not a lone initial, leads
    return words


def _given_name_or_initial(word: str) -> bool:
    return re.fullmatch(r"[A-Z]\.", word) is not None or (word[:1].isupper() and fold(word) in first_name_genders())


def _is_title(token: str) -> bool:
    lowered = token.lower()
    return lowered in _titles() or lowered.rstrip(".") in _titles()


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    titles = {t.lower() for t in data.load("people.json")["titles"]}
    return frozenset(titles | {t.rstrip(".") for t in titles} | {"speaker", "house", "senate", "minority", "majority", "leader", "press"})


@lru_cache(maxsize=1)
def _organisation_words() -> frozenset[str]:
    return frozenset(w.lower() for w in data.load("people.json")["not_name_words"]) | {
        "campaign", "news", "times", "post", "journal", "magazine", "network", "press"
    }
