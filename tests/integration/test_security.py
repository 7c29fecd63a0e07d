"""Nobody let in without credentials, nothing leaked: SASL (SCRAM, PLAIN) and TLS on a real broker.

The tests start their own broker (tests/support/secure_kafka.py) on separate ports with a fresh
data folder, so the shared test broker is never touched. Every failure must come back fast as
one line on stderr; every success is a real worker plus the CLI, end to end.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from streams.settings import Settings
from tests.support.kafka import ROOT, isolated_settings
from tests.support.secure_kafka import SecureBroker

pytestmark = pytest.mark.integration

SEED = ROOT / "examples" / "articles" / "000_seed_bush_putin_letter.txt"
FAIL_WITHIN_S = 30
WRONG_PASSWORD = "wrong-" + secrets.token_hex(6)


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    port = int(os.environ.get("NEWSSTREAMS_TEST_SECURE_KAFKA_PORT", "19392"))
    secure = SecureBroker(tmp_path_factory.mktemp("secure-kafka"), port=port).start()
    yield secure
    secure.stop()


def sasl(broker: SecureBroker, mechanism="SCRAM-SHA-512", password=None, **changes) -> Settings:
    return isolated_settings(
        broker.sasl_plaintext, security_protocol="SASL_PLAINTEXT", sasl_mechanism=mechanism,
        sasl_username=broker.user, sasl_password=password or broker.password, **changes,
    )


def sasl_ssl(broker: SecureBroker, cafile=None, bootstrap=None, **changes) -> Settings:
    return isolated_settings(
        bootstrap or broker.sasl_ssl, security_protocol="SASL_SSL", sasl_mechanism="SCRAM-SHA-512",
        sasl_username=broker.user, sasl_password=broker.password, ssl_cafile=str(cafile or broker.pki.ca_cert),
        **changes,
    )


def mutual_tls(broker: SecureBroker, with_cert=True) -> Settings:
    cert = dict(ssl_certfile=str(broker.pki.client_cert), ssl_keyfile=str(broker.pki.client_key)) if with_cert else {}
    return isolated_settings(broker.ssl, security_protocol="SSL", ssl_cafile=str(broker.pki.ca_cert), **cert)


def cli_env(settings: Settings, password_file: Path | None = None) -> dict[str, str]:
    env = settings.to_environ(os.environ)
    if password_file is not None:  # the secret comes from a file, not the environment
        password_file.write_text(settings.sasl_password + "\n")
        del env["NEWSSTREAMS_SASL_PASSWORD"]
        env["NEWSSTREAMS_SASL_PASSWORD_FILE"] = str(password_file)
    return env


def run_cli(settings: Settings, *args: str, env=None, timeout: float = 90) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "streams.cli", *args], env=env or cli_env(settings),
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
    )


def assert_no_secret(broker: SecureBroker, *texts: str) -> None:
    for text in texts:
        assert broker.password not in text
        assert WRONG_PASSWORD not in text


# ---------------------------------------------------------------- refused: fast, one line, no secret

@dataclass
class Refusal:
    settings: Settings
    args: list[str]
    expected: str  # part of the one line on stderr
    result: subprocess.CompletedProcess | None = None
    elapsed: float = 0.0


def refusals(broker: SecureBroker) -> dict[str, Refusal]:
    no_credentials = isolated_settings(broker.sasl_plaintext)  # PLAINTEXT client on the SASL listener
    wrong = sasl(broker, password=WRONG_PASSWORD)
    wrong_ca = sasl_ssl(broker, cafile=broker.pki.other_ca_cert)
    closed = "the broker closed the connection"
    # kafka-python 3.0.12 sometimes loses the broker's "authentication failed" answer and only sees the
    # connection close; both lines then point at the credentials.
    auth = "check sasl_username, sasl_password and sasl_mechanism"
    untrusted = "TLS certificate is not trusted"
    return {
        "no-credentials/topics": Refusal(no_credentials, ["topics", "list"], closed),
        "no-credentials/worker": Refusal(no_credentials, ["worker"], closed),
        "wrong-password/topics": Refusal(wrong, ["topics", "create"], auth),
        "wrong-password/produce": Refusal(wrong, ["produce", str(SEED)], auth),
        "wrong-password/consume": Refusal(wrong, ["consume", "--timeout", "5"], auth),
        "wrong-password/worker": Refusal(wrong, ["worker"], auth),
        "wrong-password-plain/topics": Refusal(sasl(broker, "PLAIN", WRONG_PASSWORD), ["topics", "list"], auth),
        "wrong-password-on-command-line/topics": Refusal(
            sasl(broker, password="x"), ["topics", "list", "--sasl-password", WRONG_PASSWORD], auth),
        "wrong-ca/topics": Refusal(wrong_ca, ["topics", "list"], untrusted),
        "wrong-ca/worker": Refusal(wrong_ca, ["worker"], untrusted),
        "wrong-host-name/consume": Refusal(
            sasl_ssl(broker, bootstrap=broker.sasl_ssl.replace("localhost", "127.0.0.1")),
            ["consume", "--timeout", "5"], "does not name the host"),
        "no-client-certificate/topics": Refusal(mutual_tls(broker, with_cert=False), ["topics", "list"],
                                                "refused our TLS client certificate"),
    }


@pytest.fixture(scope="module")
def refused(broker):
    """Every refusal, a few at a time: each waits out the bootstrap timeout, so in parallel they wait together."""
    cases = refusals(broker)

    def run(case: Refusal) -> None:
        started = time.monotonic()
        case.result = run_cli(case.settings, *case.args, timeout=120)
        case.elapsed = time.monotonic() - started

    # not all at once: on a small machine a dozen interpreters starting together would slow each other down
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(run, cases.values()))
    return cases


@pytest.mark.parametrize("name", [
    "no-credentials/topics", "no-credentials/worker",
    "wrong-password/topics", "wrong-password/produce", "wrong-password/consume", "wrong-password/worker",
    "wrong-password-plain/topics", "wrong-password-on-command-line/topics",
    "wrong-ca/topics", "wrong-ca/worker", "wrong-host-name/consume", "no-client-certificate/topics",
])
def test_refused_fast_with_one_clear_line(refused, broker, name):
    case = refused[name]
    stdout, stderr = case.result.stdout, case.result.stderr
    lines = stderr.strip().splitlines()
    assert case.result.returncode == 2, stderr
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"newsstreams {case.args[0]}: cannot connect to Kafka at "), lines[0]
    assert case.expected in lines[0]
    assert "Traceback" not in stdout + stderr
    assert case.elapsed < FAIL_WITHIN_S, f"took {case.elapsed:.1f}s"
    assert_no_secret(broker, stdout, stderr)


def test_sasl_without_user_or_password_is_a_settings_error(broker):
    settings = isolated_settings(broker.sasl_plaintext)
    env = {**cli_env(settings), "NEWSSTREAMS_SECURITY_PROTOCOL": "SASL_PLAINTEXT"}
    result = run_cli(settings, "topics", "list", env=env, timeout=30)
    assert result.returncode == 2
    assert result.stderr.strip() == "newsstreams topics: invalid settings: SASL needs sasl_username and sasl_password"


def test_help_and_settings_never_show_the_password(broker):
    settings = sasl(broker)
    result = run_cli(settings, "worker", "--help", timeout=30)
    assert result.returncode == 0 and "--sasl-password" in result.stdout
    assert_no_secret(broker, result.stdout, result.stderr, repr(settings), str(settings.public_items()))


# ---------------------------------------------------------------- let in: worker and CLI end to end

def assert_end_to_end(broker, settings: Settings, start_worker, env=None) -> None:
    """topics create/list, a worker, produce the seed article, consume its enriched record."""
    outputs = []
    created = run_cli(settings, "topics", "create", env=env)
    outputs += [created.stdout, created.stderr]
    assert created.returncode == 0, created.stderr
    listed = run_cli(settings, "topics", "list", env=env)
    outputs += [listed.stdout, listed.stderr]
    assert settings.topic_enriched in listed.stdout, listed.stderr

    worker = start_worker(settings)
    sent = run_cli(settings, "produce", str(SEED), env=env)
    outputs += [sent.stdout, sent.stderr]
    assert sent.returncode == 0 and "sent 1, failed 0" in sent.stdout, sent.stderr
    consumed = run_cli(settings, "consume", "--topic", "enriched", "--from-beginning", "--max", "1",
                       "--timeout", "60", "--json", env=env)
    outputs += [consumed.stdout, consumed.stderr]
    assert consumed.returncode == 0, consumed.stderr
    record = json.loads(consumed.stdout.strip().splitlines()[0])
    assert record["dateline"] == "MOSCOW" and record["diplomacy"]["is_diplomacy"], worker.tail()

    worker.stop()
    assert_no_secret(broker, *outputs, worker.log_path.read_text(errors="replace"))


def test_scram_sha_512_with_password_file(broker, start_worker, tmp_path):
    settings = sasl(broker, "SCRAM-SHA-512")
    assert_end_to_end(broker, settings, start_worker, env=cli_env(settings, password_file=tmp_path / "password"))


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "PLAIN"])
def test_sasl_plaintext(broker, start_worker, mechanism):
    assert_end_to_end(broker, sasl(broker, mechanism), start_worker)


def test_sasl_ssl_verifies_ca_and_host_name(broker, start_worker):
    assert_end_to_end(broker, sasl_ssl(broker), start_worker)


def test_host_name_check_can_be_turned_off(broker):
    settings = sasl_ssl(broker, bootstrap=broker.sasl_ssl.replace("localhost", "127.0.0.1"), ssl_check_hostname=False)
    result = run_cli(settings, "topics", "list")
    assert result.returncode == 0, result.stderr


def test_mutual_tls(broker, start_worker):
    assert_end_to_end(broker, mutual_tls(broker), start_worker)
