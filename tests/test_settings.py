"""Settings: defaults, environment, command-line priority, clear errors, secrets kept secret."""

from __future__ import annotations

import ssl

import pytest

from streams import cli
from streams.settings import Settings, SettingsError, load_settings

SECRET = "s3cret-Pa55"


def sasl_env(**extra: str) -> dict[str, str]:
    return {
        "NEWSSTREAMS_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
        "NEWSSTREAMS_SASL_USERNAME": "alice",
        "NEWSSTREAMS_SASL_PASSWORD": SECRET,
        **extra,
    }


# ---------------------------------------------------------------- where values come from

def test_defaults_without_environment():
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.bootstrap_servers == ["localhost:9092"]
    assert settings.security_protocol == "PLAINTEXT" and settings.ssl_check_hostname is True


def test_environment_values_are_converted_to_their_types():
    settings = load_settings(environ={
        "NEWSSTREAMS_KAFKA_BOOTSTRAP": "a:9092, b:9093",
        "NEWSSTREAMS_PARTITIONS": "8",
        "NEWSSTREAMS_BATCH_WAIT_SECONDS": "0.5",
        "NEWSSTREAMS_SSL_CHECK_HOSTNAME": "no",
        "NEWSSTREAMS_LOG_LEVEL": "debug",
        "OTHER_VARIABLE": "ignored",
    })
    assert settings.bootstrap_servers == ["a:9092", "b:9093"]
    assert settings.partitions == 8 and settings.batch_wait_seconds == 0.5
    assert settings.ssl_check_hostname is False and settings.log_level == "debug"


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("YES", True), ("on", True),
                                           ("0", False), ("False", False), ("no", False), ("off", False)])
def test_booleans(raw, expected):
    assert load_settings(environ={"NEWSSTREAMS_SSL_CHECK_HOSTNAME": raw}).ssl_check_hostname is expected


def test_command_line_beats_environment_beats_default():
    environ = {"NEWSSTREAMS_PARTITIONS": "8", "NEWSSTREAMS_APP_ID": "from-env"}
    settings = load_settings({"partitions": "3", "app_id": None}, environ=environ)
    assert settings.partitions == 3  # given on the command line
    assert settings.app_id == "from-env"  # option not given (None): the environment still counts
    assert settings.topic_input == "articles"  # neither: the default


def test_real_command_line_overrides_environment(monkeypatch):
    monkeypatch.setenv("NEWSSTREAMS_KAFKA_BOOTSTRAP", "env-host:9092")
    monkeypatch.setenv("NEWSSTREAMS_SASL_MECHANISM", "PLAIN")
    args = cli.build_parser().parse_args(["topics", "list", "--kafka-bootstrap", "cli-host:9092",
                                          "--ssl-check-hostname", "false"])
    settings = cli._settings_from(args)
    assert settings.kafka_bootstrap == "cli-host:9092"
    assert settings.sasl_mechanism == "PLAIN"
    assert settings.ssl_check_hostname is False


def test_environment_round_trip_for_child_processes():
    settings = load_settings({"partitions": 7, "ssl_check_hostname": False}, environ=sasl_env())
    environ = settings.to_environ({"PATH": "/bin", "NEWSSTREAMS_STALE": "x"})
    assert environ["PATH"] == "/bin" and "NEWSSTREAMS_STALE" not in environ
    assert environ["NEWSSTREAMS_SSL_CHECK_HOSTNAME"] == "false"
    assert load_settings(environ=environ) == settings


def test_topic_aliases():
    settings = Settings()
    assert settings.resolve_topic("enriched") == "articles.enriched"
    assert settings.resolve_topic("input") == settings.resolve_topic("articles") == "articles"
    assert settings.resolve_topic("other.topic") == "other.topic"


# ---------------------------------------------------------------- clear errors

@pytest.mark.parametrize("name, raw, message", [
    ("NEWSSTREAMS_PARTITIONS", "four", "setting NEWSSTREAMS_PARTITIONS expects int, got 'four'"),
    ("NEWSSTREAMS_BATCH_WAIT_SECONDS", "soon", "setting NEWSSTREAMS_BATCH_WAIT_SECONDS expects float, got 'soon'"),
    ("NEWSSTREAMS_SSL_CHECK_HOSTNAME", "maybe", "setting NEWSSTREAMS_SSL_CHECK_HOSTNAME expects bool, got 'maybe'"),
])
def test_wrong_type_names_the_variable(name, raw, message):
    with pytest.raises(SettingsError) as error:
        load_settings(environ={name: raw})
    assert str(error.value) == message


@pytest.mark.parametrize("changes, problem", [
    ({"kafka_bootstrap": ""}, "kafka_bootstrap is empty"),
    ({"kafka_bootstrap": "localhost"}, "kafka_bootstrap entry 'localhost' is not host:port"),
    ({"topic_input": "bad topic"}, "topic_input 'bad topic' is not a valid Kafka topic name"),
    ({"topic_dlq": "articles"}, "input, enriched, diplomacy and dlq topics must all differ"),
    ({"partitions": 0}, "partitions must be between 1 and 10000"),
    ({"diplomacy_threshold": 1.5}, "diplomacy_threshold must be between 0 and 1"),
    ({"processing_guarantee": "sometimes"}, "processing_guarantee must be one of at_least_once"),
    ({"session_timeout_seconds": 2}, "session_timeout_seconds must be between 6 and 300"),
    ({"max_body_chars": 2_000_000}, "max_body_chars must be between 100 and 200000"),
    ({"security_protocol": "TLS"}, "security_protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL"),
    ({"sasl_mechanism": "GSSAPI"}, "sasl_mechanism must be one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512"),
    ({"security_protocol": "SASL_SSL", "sasl_username": "alice"}, "SASL needs sasl_username and sasl_password"),
    ({"ssl_cafile": "/nonexistent/ca.pem"}, "ssl_cafile '/nonexistent/ca.pem' does not exist"),
])
def test_invalid_values_are_named(changes, problem):
    with pytest.raises(SettingsError) as error:
        load_settings(changes, environ={})
    assert problem in str(error.value)
    assert "\n" not in str(error.value)


def test_every_problem_in_one_line():
    with pytest.raises(SettingsError) as error:
        load_settings({"partitions": 0, "metrics_port": 70000}, environ={})
    assert str(error.value) == (
        "invalid settings: partitions must be between 1 and 10000; metrics_port must be between 1 and 65535"
    )


def test_unknown_override_is_refused():
    with pytest.raises(SettingsError, match="unknown setting 'colour'"):
        load_settings({"colour": "blue"}, environ={})


def test_cli_prints_one_line_and_exits_2(capsys):
    assert cli.main(["topics", "list", "--partitions", "zero"]) == 2
    err = capsys.readouterr().err
    assert err == "newsstreams topics: setting partitions expects int, got 'zero'\n"


# ---------------------------------------------------------------- secrets

def test_password_from_file(tmp_path):
    secret_file = tmp_path / "password"
    secret_file.write_text(SECRET + "\n")  # a trailing newline, as editors and `echo` leave it
    environ = {**sasl_env(), "NEWSSTREAMS_SASL_PASSWORD_FILE": str(secret_file)}
    del environ["NEWSSTREAMS_SASL_PASSWORD"]
    assert load_settings(environ=environ).sasl_password == SECRET


def test_password_variable_wins_over_file(tmp_path):
    secret_file = tmp_path / "password"
    secret_file.write_text("from-file")
    environ = {**sasl_env(), "NEWSSTREAMS_SASL_PASSWORD_FILE": str(secret_file)}
    assert load_settings(environ=environ).sasl_password == SECRET


def test_unreadable_password_file_is_one_clear_line(tmp_path):
    environ = {"NEWSSTREAMS_SASL_PASSWORD_FILE": str(tmp_path / "missing")}
    with pytest.raises(SettingsError) as error:
        load_settings(environ=environ)
    assert str(error.value) == "NEWSSTREAMS_SASL_PASSWORD_FILE: cannot read secret file (No such file or directory)"


def test_only_secrets_are_read_from_files(tmp_path):
    app_id_file = tmp_path / "app_id"
    app_id_file.write_text("from-file")
    assert load_settings(environ={"NEWSSTREAMS_APP_ID_FILE": str(app_id_file)}).app_id == "newsstreams"


def test_repr_and_public_items_mask_the_password():
    settings = load_settings(environ=sasl_env())
    for text in (repr(settings), str(settings), str(settings.public_items())):
        assert SECRET not in text
    assert "sasl_password='***'" in repr(settings)
    assert "sasl_username='alice'" in repr(settings)
    assert Settings().public_items()["sasl_password"] == ""  # nothing set: nothing to hide, shown empty


def test_help_never_shows_the_password(monkeypatch, capsys):
    monkeypatch.setenv("NEWSSTREAMS_SASL_PASSWORD", SECRET)
    with pytest.raises(SystemExit):
        cli.main(["worker", "--help"])
    out = capsys.readouterr().out
    assert "--sasl-password" in out and SECRET not in out


def test_bad_settings_error_does_not_echo_the_password(capsys):
    # a SASL password given but no user name: the error names the problem, never the value
    assert cli.main(["topics", "list", "--security-protocol", "SASL_SSL", "--sasl-password", SECRET]) == 2
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err
    assert "SASL needs sasl_username and sasl_password" in captured.err


# ---------------------------------------------------------------- security settings reach the clients

def test_kafka_python_options_carry_sasl_and_tls():
    from streams.kafka.clients import client_options

    settings = load_settings({"ssl_check_hostname": "false"},
                             environ=sasl_env(NEWSSTREAMS_SECURITY_PROTOCOL="SASL_SSL",
                                              NEWSSTREAMS_SASL_MECHANISM="SCRAM-SHA-256"))
    options = client_options(settings)
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-256"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("alice", SECRET)
    assert options["ssl_context"].verify_mode == ssl.CERT_REQUIRED
    assert options["ssl_context"].check_hostname is False


@pytest.mark.parametrize("field, message", [
    ("ssl_cafile", "ssl_cafile '{path}' holds no usable CA certificate"),
    ("ssl_certfile", "ssl_certfile/ssl_keyfile are not a matching PEM certificate and key"),
])
def test_unusable_tls_files_fail_at_once(tmp_path, field, message):
    from streams.kafka.clients import client_options

    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate")
    settings = Settings(security_protocol="SSL", **{field: str(garbage)})
    with pytest.raises(SettingsError) as error:
        client_options(settings)
    assert str(error.value).startswith(message.format(path=garbage))


def test_plaintext_options_carry_no_security():
    from streams.kafka.clients import client_options

    options = client_options(Settings())
    assert options["security_protocol"] == "PLAINTEXT"
    assert not any(key.startswith(("sasl_", "ssl_")) for key in options)


@pytest.mark.parametrize("protocol, mechanism", [("SASL_PLAINTEXT", "SCRAM-SHA-512"), ("SASL_SSL", "SCRAM-SHA-256"),
                                                 ("SASL_PLAINTEXT", "PLAIN")])
def test_faust_credentials(protocol, mechanism):
    from faust.auth import SASLCredentials
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    from streams.app import broker_credentials

    settings = load_settings(environ=sasl_env(NEWSSTREAMS_SECURITY_PROTOCOL=protocol,
                                              NEWSSTREAMS_SASL_MECHANISM=mechanism))
    credentials = broker_credentials(settings)
    assert isinstance(credentials, SASLCredentials)
    assert SECRET not in repr(credentials)
    auth = credentials_to_aiokafka_auth(credentials)  # what aiokafka finally gets
    assert auth["security_protocol"] == protocol and auth["sasl_mechanism"] == mechanism
    assert (auth["sasl_plain_username"], auth["sasl_plain_password"]) == ("alice", SECRET)
    assert isinstance(auth["ssl_context"], ssl.SSLContext) == (protocol == "SASL_SSL")


def test_faust_tls_verifies_the_broker():
    from faust.transport.drivers.aiokafka import credentials_to_aiokafka_auth

    from streams.app import broker_credentials

    assert broker_credentials(Settings()) is None
    auth = credentials_to_aiokafka_auth(broker_credentials(Settings(security_protocol="SSL")))
    assert auth["security_protocol"] == "SSL"
    assert auth["ssl_context"].verify_mode == ssl.CERT_REQUIRED and auth["ssl_context"].check_hostname
    unchecked = credentials_to_aiokafka_auth(broker_credentials(Settings(security_protocol="SSL",
                                                                         ssl_check_hostname=False)))
    assert unchecked["ssl_context"].check_hostname is False


def test_connection_failure_line_masks_the_password():
    from kafka.errors import KafkaTimeoutError

    from streams.kafka.clients import describe_failure

    settings = load_settings(environ=sasl_env())
    line = describe_failure(settings, ValueError(f"bad login {SECRET}"))
    assert SECRET not in line and "***" in line
    assert describe_failure(settings, KafkaTimeoutError("x")).startswith(
        "cannot connect to Kafka at localhost:9092 (SASL_PLAINTEXT): ")


def test_exactly_once_is_the_default_and_at_least_once_is_accepted():
    assert load_settings(environ={}).processing_guarantee == "exactly_once"
    assert load_settings({"processing_guarantee": "at_least_once"}, environ={}).processing_guarantee == "at_least_once"
