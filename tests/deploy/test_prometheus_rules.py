"""deploy/prometheus/check.sh: promtool config check, rule check, rule unit tests."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

CHECK = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "check.sh"


@pytest.mark.skipif(
    shutil.which("promtool") is None,
    reason="promtool not installed (apt-get install prometheus)",
)
def test_check_sh_passes():
    # Run from elsewhere: the script and promtool must not depend on the cwd.
    result = subprocess.run(
        ["bash", str(CHECK)], capture_output=True, text=True, cwd="/", timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout
