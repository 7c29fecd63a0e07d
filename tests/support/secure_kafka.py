"""A second, locked-down local broker for the security tests: SASL and TLS listeners, a throwaway CA.

It runs beside the shared test broker, on its own ports and data folder, so the two never meet.
The PLAINTEXT port stays open only because the broker talks to itself over it (inter-broker
listener); clients in the tests use the SASL and SSL ports.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.kafka import LOCAL_KAFKA, port_open

MECHANISMS = ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512")


@dataclass(frozen=True)
class Pki:
    """PEM files of a throwaway CA, a broker certificate signed by it, a client certificate and a stranger CA."""

    ca_cert: Path
    broker_keystore: Path  # private key + certificate chain, what Kafka's PEM keystore wants
    client_cert: Path
    client_key: Path
    other_ca_cert: Path  # a CA that signed nothing here: trusting it must fail


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _self_signed_ca(folder: Path, name: str) -> None:
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", f"{name}.key", "-out", f"{name}.pem", cwd=folder)


def _signed_cert(folder: Path, name: str, ca: str, extensions: str) -> None:
    """A key (PKCS#8, unencrypted) and a certificate for it signed by `ca`, with the given v3 extensions."""
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={name}",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", cwd=folder)
    (folder / f"{name}.ext").write_text(extensions)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key", "-CAcreateserial",
             "-days", "2", "-sha256", "-extfile", f"{name}.ext", "-out", f"{name}.pem", cwd=folder)


def make_pki(folder: Path) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    _self_signed_ca(folder, "test-ca")
    _self_signed_ca(folder, "other-ca")
    # Hostname verification checks the SAN: "localhost" passes, "127.0.0.1" must not.
    _signed_cert(folder, "broker", "test-ca", "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n")
    _signed_cert(folder, "client", "test-ca", "extendedKeyUsage=clientAuth\n")
    keystore = folder / "broker-keystore.pem"
    keystore.write_text((folder / "broker.key").read_text() + (folder / "broker.pem").read_text()
                        + (folder / "test-ca.pem").read_text())
    return Pki(
        ca_cert=folder / "test-ca.pem",
        broker_keystore=keystore,
        client_cert=folder / "client.pem",
        client_key=folder / "client.key",
        other_ca_cert=folder / "other-ca.pem",
    )


@dataclass
class SecureBroker:
    """A local-kafka.sh broker with SASL_PLAINTEXT, SASL_SSL and (mutual TLS) SSL listeners."""

    folder: Path
    port: int = 19392  # PLAINTEXT, inter-broker only; the controller takes port + 1
    user: str = "alice"
    password: str = field(default="", repr=False)  # never in a test report

    def __post_init__(self) -> None:
        self.password = self.password or "pw-" + secrets.token_urlsafe(12)  # url-safe: no ',' '[' or '"' to escape
        self.pki = make_pki(self.folder / "pki")

    @property
    def sasl_plaintext(self) -> str:
        return f"127.0.0.1:{self.port + 2}"

    @property
    def sasl_ssl(self) -> str:
        return f"localhost:{self.port + 3}"  # the name in the broker certificate

    @property
    def ssl(self) -> str:
        return f"localhost:{self.port + 4}"

    def config(self) -> str:
        """server.properties lines appended to local-kafka.sh's generated config."""
        lines = [
            "sasl.enabled.mechanisms=" + ",".join(MECHANISMS),
            "ssl.keystore.type=PEM",
            f"ssl.keystore.location={self.pki.broker_keystore}",
            "ssl.truststore.type=PEM",
            f"ssl.truststore.location={self.pki.ca_cert}",
            # the SSL listener is the mutual-TLS one: no client certificate, no connection
            "listener.name.ssl.ssl.client.auth=required",
        ]
        for listener in ("sasl_plaintext", "sasl_ssl"):
            prefix = f"listener.name.{listener}"
            for scram in ("scram-sha-256", "scram-sha-512"):
                lines.append(f"{prefix}.{scram}.sasl.jaas.config="
                             "org.apache.kafka.common.security.scram.ScramLoginModule required;")
            # PLAIN has no credential store: its users are listed in the JAAS line
            lines.append(f"{prefix}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule "
                         f'required user_{self.user}="{self.password}";')
        return "\n".join(lines) + "\n"

    def _env(self) -> dict[str, str]:
        extra = self.folder / "security.properties"
        extra.write_text(self.config())
        return {
            **os.environ,
            "KAFKA_PORT": str(self.port),
            "KAFKA_EXTRA_CONFIG": str(extra),
            "KAFKA_LISTENERS_EXTRA": ",".join([
                f"SASL_PLAINTEXT://{self.sasl_plaintext}",
                f"SASL_SSL://{self.sasl_ssl}",
                f"SSL://{self.ssl}",
            ]),
            "KAFKA_SCRAM_USERS": " ".join(
                f"{m}=[name={self.user},password={self.password}]" for m in MECHANISMS if m.startswith("SCRAM")
            ),
            "KAFKA_HEAP": "512m",
        }

    def _script(self, action: str, check: bool = True) -> None:
        subprocess.run([str(LOCAL_KAFKA), action], env=self._env(), check=check)

    def start(self) -> SecureBroker:
        self._script("wipe")  # a fresh data folder: the SCRAM users are written when it is formatted
        if port_open("127.0.0.1", self.port):
            raise RuntimeError(f"port {self.port} is taken; the security tests need it for their own broker")
        self._script("start")
        return self

    def stop(self) -> None:
        self._script("wipe", check=False)  # stop, then remove the data folder
        shutil.rmtree(self.folder / "pki", ignore_errors=True)
