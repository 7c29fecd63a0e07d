"""What kind of source a quote or statement has: a person, an organisation, a country, or an
unnamed one ("a senior official", "officials", "sources"), from its words as written."""

from __future__ import annotations

from . import data
from .countries import CountryTable

SPEAKER_KINDS = ("person", "organisation", "country", "anonymous")


class SpeakerKinds:
    def __init__(self, countries: CountryTable) -> None:
        self.countries = countries
        people = data.load("people.json")
        words = data.load("statements.json")
        self.personal_pronouns = frozenset(words["personal_pronouns"])
        self.role_heads = frozenset(people["role_heads"]) | frozenset(people["generic_leader_heads"])
        self.organisation_heads = frozenset(words["organisation_heads"])
        self.unnamed = frozenset(words["unnamed_source_words"])

    def kind(self, is_person: bool, speaker_text: str | None) -> str | None:
        """None when nothing names the source ("it was revealed that")."""
        if is_person:
            return "person"
        if not speaker_text or not speaker_text.split():
            return None
        words = speaker_text.split()
        head, first = words[-1].lower().strip(".,"), words[0].lower()
        if self.countries.code_for(speaker_text, "GPE") or self.countries.code_for(words[-1], "GPE"):
            return "country"  # "Russia said", "Washington insisted"
        if head in self.personal_pronouns:
            return "person"  # a person, though the pronoun's antecedent was not found
        if head in self.organisation_heads:
            return "organisation"  # "the foreign ministry", "Russia's defence ministry"
        if head in self.role_heads:
            return "anonymous" if first in self.unnamed else "person"  # "a senior official" / "the senator"
        if words[-1][:1].isupper() and head not in self.unnamed:
            return "organisation"  # a name that is no person's: "the Kremlin", "Reuters"
        return "anonymous"
