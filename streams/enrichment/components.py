"""spaCy pipeline components of our own, registered so a pipeline config can name them."""

from spacy.language import Language
from spacy.tokens import Doc

PARAGRAPH_BREAKS = "paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break.

    The parser would otherwise glue the last sentence of a quote paragraph to the next
    paragraph's attribution ("... next week.\\nThe Elysee said ..."). Runs before the parser,
    which keeps the boundaries it is given.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
