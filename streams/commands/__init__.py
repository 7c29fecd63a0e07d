"""One module per CLI command; streams.cli parses arguments and calls them."""

from ..errors import CommandError

__all__ = ["CommandError"]
