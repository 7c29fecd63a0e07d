"""What this machine offers the commands: a free port, whether one answers, our cache folder."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_answers(port: int, host: str = "127.0.0.1", timeout: float = 1.0) -> bool:
    """Whether something accepts TCP connections there."""
    with socket.socket() as sock:
        sock.settimeout(timeout)
        return sock.connect_ex((host, port)) == 0


def cache_dir(*parts: str) -> Path:
    """Our folder for jars, broker data and Faust's tables: $NEWSSTREAMS_CACHE, else the XDG cache.

    The same rule as deploy/kafka/local-kafka.sh, so both find the same broker's pid file.
    """
    root = os.environ.get("NEWSSTREAMS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsstreams"
    )
    return Path(root, *parts)
