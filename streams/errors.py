"""The one family of errors a command reports as a single line and an exit status.

Settings, broker, input, model and command failures all derive from
NewsstreamsError, so `streams.cli` catches one class. Per-article problems are a
different thing (`enrichment.errors.ArticleError`): they never stop a command,
they become dead letters.
"""


class NewsstreamsError(Exception):
    """An expected failure: print `str(error)` on stderr and exit with `exit_code`."""

    exit_code = 2


class CommandError(NewsstreamsError, RuntimeError):
    """A command cannot go on (a missing file, a broker it cannot use, a failed step)."""
