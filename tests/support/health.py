"""Read a worker's /healthz and /readyz as the kubelet would: status code and JSON body."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from streams.observability.health import LIVENESS_PATH, READINESS_PATH


def probe(port: int, path: str) -> tuple[int, dict]:
    """(HTTP status, JSON body) of one GET on 127.0.0.1:port; 503 answers are answers, not errors."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def liveness(port: int) -> tuple[int, dict]:
    return probe(port, LIVENESS_PATH)


def readiness(port: int) -> tuple[int, dict]:
    return probe(port, READINESS_PATH)


def wait_for_readiness(port: int, want, timeout: float) -> tuple[int, dict]:
    """Poll /readyz until want(status, body) holds; the last answer either way."""
    deadline = time.monotonic() + timeout
    while True:
        answer = readiness(port)
        if want(*answer) or time.monotonic() >= deadline:
            return answer
        time.sleep(0.3)
