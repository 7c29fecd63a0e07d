"""One module per CLI command; streams.cli parses arguments and calls them."""


class CommandError(RuntimeError):
    """A failure to report as one line on stderr, with exit status 2."""
