"""Test support for a real Prometheus server: run it against a worker, query it, check expressions.

Nothing here fakes Prometheus: it is the `prometheus` binary (Debian's package,
/usr/bin/prometheus), scraping a real worker and evaluating the real alert rules.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from streams.observability.promql import metric_names
from tests.support.kafka import ROOT, free_port

PROMETHEUS_BINARY = shutil.which("prometheus") or "/usr/bin/prometheus"
ALERTS_FILE = ROOT / "deploy" / "prometheus" / "alerts.yml"
# The job name the alert rules select on, and the dashboards' default job.
JOB = "newsstreams"
# The same worker scraped again under the job name a Prometheus Operator
# PodMonitor would give it (<namespace>/<name>): the dashboards must not care.
OTHER_JOB = "newsroom/newsstreams-workers"
# One scrape and one rule evaluation a second, so rate()/increase() have
# enough samples a few seconds after the data arrives.
INTERVAL = "1s"


def write_config(directory: Path, metrics_port: int, rule_files: list[Path], jobs=(JOB,)) -> Path:
    """A prometheus.yml scraping one worker on 127.0.0.1:metrics_port, once per job name."""
    config = {  # JSON is valid YAML, so no YAML writer is needed
        "global": {
            "scrape_interval": INTERVAL,
            "scrape_timeout": INTERVAL,
            "evaluation_interval": INTERVAL,
        },
        "rule_files": [str(path) for path in rule_files],
        "scrape_configs": [
            {
                "job_name": job,
                "metrics_path": "/metrics",
                "static_configs": [{"targets": [f"127.0.0.1:{metrics_port}"]}],
            }
            for job in jobs
        ],
    }
    path = directory / "prometheus.yml"
    path.write_text(json.dumps(config, indent=2))
    return path


class PrometheusServer:
    """A Prometheus process on 127.0.0.1 with its config and TSDB under `directory`."""

    def __init__(self, directory: Path, metrics_port: int, rule_files: list[Path] = (ALERTS_FILE,), jobs=(JOB,)):
        self.directory = directory
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.scraped_port = metrics_port
        self.config = write_config(directory, metrics_port, list(rule_files), jobs)
        self.log_path = directory / "prometheus.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20.0) -> PrometheusServer:
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [
                PROMETHEUS_BINARY,
                f"--config.file={self.config}",
                f"--storage.tsdb.path={self.directory / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=self.directory,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prometheus exited with {self.process.returncode}; log:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"prometheus not ready in {timeout}s; log:\n{self.tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()

    def tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def api(self, path: str, **params: str) -> dict:
        """The `data` of a successful /api/v1 answer; raises on an error (e.g. a PromQL syntax error)."""
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        try:
            with urllib.request.urlopen(f"{self.url}/api/v1/{path}{query}", timeout=5) as response:
                body = json.load(response)
        except urllib.error.HTTPError as error:  # 400/422 carry the PromQL error in the body
            body = json.load(error)
        if body.get("status") != "success":
            raise AssertionError(f"{path} {params}: {body.get('errorType')}: {body.get('error')}")
        return body["data"]

    def query(self, expr: str) -> list[dict]:
        """Instant query at now: the series of the vector result."""
        data = self.api("query", query=expr)
        if data["resultType"] != "vector":  # a bare scalar always has a value
            return [{"metric": {}, "value": data["result"]}]
        return data["result"]

    def rules(self) -> list[dict]:
        return [rule for group in self.api("rules")["groups"] for rule in group["rules"]]


def has_data(series: list[dict]) -> bool:
    """At least one series with a number: an all-NaN quantile or ratio draws nothing on a panel."""
    return any(not math.isnan(float(s["value"][1])) for s in series)


def expressions_without_data(prometheus: PrometheusServer, exprs: list[str]) -> list[str]:
    """The expressions whose instant query returns no series, or only NaN."""
    return [expr for expr in exprs if not has_data(prometheus.query(expr))]


def wait_for_data(prometheus: PrometheusServer, exprs: list[str], timeout: float) -> list[str]:
    """Poll until every expression has data; the ones still without it at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        empty = expressions_without_data(prometheus, exprs)
        if not empty or time.monotonic() >= deadline:
            return empty
        time.sleep(1)


def vector_selectors(expr: str) -> list[str]:
    """Each metric selector in an expression, with its label matchers, e.g. `up{job="x"}`.

    Each one is a valid instant query on its own; keeping the matchers means a
    wrong label value is caught as well as a renamed metric.
    """
    found = []
    for name in sorted(metric_names(expr)):
        pattern = rf"(?<![\w:]){re.escape(name)}(?![\w:])\s*(\{{[^}}]*\}})?"
        for match in re.finditer(pattern, expr):
            selector = name + (match.group(1) or "")
            if selector not in found:
                found.append(selector)
    return found


def wait_until(check, timeout: float, interval: float = 0.5):
    """Call check() until it returns something truthy; return its last result either way."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() >= deadline:
            return result
        time.sleep(interval)
