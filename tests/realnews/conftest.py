"""Where the PolNeAR corpus is: NEWSSTREAMS_POLNEAR, else ../shared/polnear beside the checkout.

The corpus is never part of the project (its text belongs to its publishers); the tests
that need it skip, saying so, on a machine that does not have it.
"""

import os
from pathlib import Path

import pytest

DEFAULT_ROOT = Path(__file__).resolve().parents[3] / "shared" / "polnear"


@pytest.fixture(scope="session")
def polnear_root() -> Path:
    root = Path(os.environ.get("NEWSSTREAMS_POLNEAR", DEFAULT_ROOT))
    if not (root / "data").is_dir():
        pytest.skip(f"PolNeAR corpus not found at {root} (set NEWSSTREAMS_POLNEAR)")
    return root
