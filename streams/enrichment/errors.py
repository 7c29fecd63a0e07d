"""Why an input could not become an enriched article.

Each error carries a ``reason`` from a small fixed set: it becomes the dead
letter's reason header and a bounded Prometheus label.
"""

DLQ_REASONS = (
    "invalid_encoding",
    "invalid_json",
    "invalid_shape",
    "empty_body",
    "too_large",
    "enrichment_failed",
)


class ArticleError(ValueError):
    """Input that cannot be turned into an enriched article."""

    reason = "invalid_shape"

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        if reason is not None:
            self.reason = reason
        assert self.reason in DLQ_REASONS, self.reason


class InvalidEncoding(ArticleError):
    reason = "invalid_encoding"


class InvalidJson(ArticleError):
    reason = "invalid_json"


class InvalidShape(ArticleError):
    reason = "invalid_shape"


class EmptyBody(ArticleError):
    reason = "empty_body"


class TooLarge(ArticleError):
    reason = "too_large"


class EnrichmentFailed(ArticleError):
    reason = "enrichment_failed"
