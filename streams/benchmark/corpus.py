"""A deterministic corpus of wire stories for the benchmark, generated from a seed.

Stories are 300 to 1200 words (headline plus body), name people with roles, mention
several countries, and quote people in the shapes news copy uses: typographic and
straight marks, speaker before or after, colon quotes, split quotes, nested single
quotes, partial quotes, multi-paragraph quotes, reported speech and "according to".
About 40% are diplomacy stories. Half are JSON messages, half plain wire text, so
both decoders are exercised as in production.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from . import wire_vocab as vocab

DEFAULT_SEED = 20240611
MIN_WORDS = 300
MAX_WORDS = 1200
DIPLOMACY_SHARE = 0.4
OTHER_KINDS = ("business", "sport", "disaster", "science", "politics")


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    kind: str  # "diplomacy" or one of OTHER_KINDS
    headline: str
    body: str
    dateline: str
    source: str
    as_json: bool  # sent as a JSON object (True) or as plain wire text

    @property
    def words(self) -> int:
        return len(self.headline.split()) + len(self.body.split())

    def to_bytes(self) -> bytes:
        if self.as_json:
            return json.dumps(
                {"id": self.id, "headline": self.headline, "body": self.body,
                 "dateline": self.dateline, "source": self.source.title(), "language": "en"},
                ensure_ascii=False,
            ).encode("utf-8")
        return f"{self.dateline}\n{self.headline}\n{self.body}\n{self.source}\n".encode()


def generate_corpus(count: int, seed: int = DEFAULT_SEED, id_prefix: str = "bench") -> list[CorpusArticle]:
    """`count` stories; the same (count, seed) always gives the same stories."""
    rng = random.Random(seed)
    return [_story(rng, f"{id_prefix}-{index:05d}") for index in range(count)]


def total_words(articles: list[CorpusArticle]) -> int:
    return sum(a.words for a in articles)


class _Person:
    def __init__(self, rng: random.Random, roles: list[str], used: set[str]):
        while True:
            first, self.gender = rng.choice(vocab.FIRST_NAMES)
            self.last = rng.choice(vocab.SURNAMES)
            if self.last not in used:  # one surname per story keeps attribution unambiguous
                used.add(self.last)
                break
        self.first = first
        role = rng.choice(roles)
        self.role = {"spokesperson": "spokeswoman" if self.gender == "f" else "spokesman"}.get(role, role)
        self.pronoun = "she" if self.gender == "f" else "he"

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def _story(rng: random.Random, article_id: str) -> CorpusArticle:
    kind = "diplomacy" if rng.random() < DIPLOMACY_SHARE else rng.choice(OTHER_KINDS)
    a, b, c = rng.sample(vocab.COUNTRIES, 3)
    fields = {
        "A": a[0], "A_adj": a[1], "A_cap": a[2], "B": b[0], "B_adj": b[1], "B_cap": b[2],
        "C": c[0], "C_adj": c[1], "C_cap": c[2],
        "issue": rng.choice(vocab.ISSUES), "org": rng.choice(vocab.ORGANISATIONS),
        "company": rng.choice(vocab.COMPANIES), "month": rng.choice(vocab.MONTHS),
    }
    roles = vocab.DIPLOMACY_ROLES if kind == "diplomacy" else vocab.OTHER_ROLES
    used: set[str] = set()
    people = [_Person(rng, roles, used) for _ in range(rng.randint(2, 4))]
    fill = _Filler(rng, fields)

    headline = _capitalise(fill(rng.choice(vocab.HEADLINES[kind])))
    target = rng.randint(MIN_WORDS + 20, MAX_WORDS - 120)
    paragraphs: list[str] = []
    introduced: set[str] = set()
    words = len(headline.split())
    while words < target:
        if paragraphs and rng.random() < 0.45:
            block = _quote_block(rng, kind, rng.choice(people), introduced, fill)
        else:
            pool = vocab.SENTENCES[kind] + vocab.BACKGROUND
            block = [" ".join(fill(s) for s in rng.sample(pool, rng.randint(2, 3)))]
        if words + sum(len(p.split()) for p in block) > MAX_WORDS:
            break
        paragraphs.extend(block)
        words += sum(len(p.split()) for p in block)
    return CorpusArticle(
        id=article_id, kind=kind, headline=headline, body="\n".join(paragraphs),
        dateline=fields["A_cap"].upper(), source=rng.choice(vocab.SOURCES), as_json=rng.random() < 0.5,
    )


class _Filler:
    """Fills a template's placeholders; numbers and weekdays vary at each use."""

    def __init__(self, rng: random.Random, fields: dict[str, str]):
        self.rng = rng
        self.fields = fields

    def __call__(self, template: str) -> str:
        text = template.format(n=self.rng.randint(2, 9), day=self.rng.choice(vocab.WEEKDAYS), **self.fields)
        return _capitalise(text)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _speaker(person: _Person, introduced: set[str]) -> str:
    """Role and full name on first mention, surname after, as wire copy does."""
    if person.last in introduced:
        return person.last
    introduced.add(person.last)
    return f"{person.role} {person.full}"


def _quote_block(rng: random.Random, kind: str, person: _Person, introduced: set[str], fill: _Filler) -> list[str]:
    """One or two paragraphs quoting `person` in one of the usual shapes."""
    said = fill(rng.choice(vocab.QUOTES[kind]))
    more = fill(rng.choice(vocab.QUOTES[kind]))
    phrase = rng.choice(vocab.SHORT_PHRASES)
    known = person.last in introduced  # a pronoun can stand for someone already named
    who = _speaker(person, introduced)
    opening = _capitalise(who)  # the speaker when a sentence starts with them
    shape = rng.randrange(10)
    if shape == 0:
        return [f"\u201c{said},\u201d said {who}."]
    if shape == 1:
        return [f'"{said}," {who} said. "{more}."']
    if shape == 2:
        return [f"{opening} told reporters: \u201c{said}.\u201d"]
    if shape == 3:
        return [f"\u201c{said},\u201d {who} said, calling the outcome \u2018{phrase}\u2019 for both sides."]
    if shape == 4:
        return [f"{opening} described the meeting as \u201c{phrase}.\u201d"]
    if shape == 5:
        return [f"According to {who}, the next steps will be decided within weeks."]
    if shape == 6:
        return [f"{opening} said the government would not accept {phrase} terms and would keep talking."]
    if shape == 7:  # newswire multi-paragraph quote: opening mark on each paragraph, one close
        return [f"\u201c{said}.", f"\u201c{more},\u201d {who} added."]
    if shape == 8 and known:
        return [f"\u201c{said},\u201d {person.pronoun} said. \u201c{more}.\u201d"]
    if shape == 8:
        return [f"\u201c{said},\u201d {who} said."]
    return [f"'{said},' {who} wrote in a statement on social media."]
