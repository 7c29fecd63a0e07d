"""deploy/kubernetes: every kustomization renders and validates, and agrees with the code.

No cluster and no kubectl here: deploy/kubernetes/render.py renders the kustomize
subset the manifests use, kubernetes-validate checks the built-in kinds against
the Kubernetes OpenAPI schemas (strict: unknown fields fail), and the reduced
KEDA and Prometheus Operator schemas in deploy/kubernetes/crd-schemas check the
custom resources.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from streams.observability.health import LIVENESS_PATH, READINESS_PATH
from streams.settings import ENV_PREFIX, Settings, SettingsError, load_settings, setting_fields

kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="pip install -e '.[test]'")

ROOT = Path(__file__).resolve().parents[2]
KUBERNETES = ROOT / "deploy" / "kubernetes"
sys.path[:0] = [str(KUBERNETES), str(ROOT / "deploy" / "prometheus")]
import prometheus_rule  # noqa: E402
from render import KustomizeError, render  # noqa: E402

import alert_rules  # noqa: E402

KUSTOMIZATIONS = {"base": KUBERNETES / "base", "example": KUBERNETES / "overlays" / "example"}
# The oldest Kubernetes still in upstream support when this was written.
KUBERNETES_VERSION = "1.32.0"
BUILTIN_KINDS = {"ConfigMap", "Deployment", "Service", "PodDisruptionBudget"}
SCHEMAS = KUBERNETES / "crd-schemas"
CRD_SCHEMA_FILES = {
    "ScaledObject": "scaledobject.keda.sh.yaml",
    "TriggerAuthentication": "triggerauthentication.keda.sh.yaml",
    "ServiceMonitor": "servicemonitor.monitoring.coreos.com.yaml",
    "PrometheusRule": "prometheusrule.monitoring.coreos.com.yaml",
}
# The longest batch measured (README, Operational notes): 200k-character articles.
LONGEST_BATCH_SECONDS = 30


def crd_validator(kind: str) -> jsonschema.Draft202012Validator:
    common = Resource(yaml.safe_load((SCHEMAS / "common.yaml").read_text()), specification=DRAFT202012)
    registry = Registry().with_resource("common.yaml", common)
    schema = yaml.safe_load((SCHEMAS / CRD_SCHEMA_FILES[kind]).read_text())
    return jsonschema.Draft202012Validator(schema, registry=registry)


def crd_errors(doc: dict) -> list[str]:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in crd_validator(doc["kind"]).iter_errors(doc)]
    if doc["kind"] == "ScaledObject":
        known = set(yaml.safe_load((SCHEMAS / CRD_SCHEMA_FILES["ScaledObject"]).read_text())["x-kafka-scaler-metadata"])
        for trigger in doc["spec"]["triggers"]:
            if trigger["type"] == "kafka":
                errors += [f"unknown kafka scaler metadata {key!r}" for key in set(trigger["metadata"]) - known]
    return errors


def builtin_errors(doc: dict) -> list[str]:
    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        return [f"{'/'.join(map(str, error.path))}: {error.message}"]
    return []


@pytest.fixture(scope="module", params=sorted(KUSTOMIZATIONS))
def rendered(request) -> dict[str, dict]:
    """kind -> document of one kustomization (each kind appears once)."""
    documents = render(KUSTOMIZATIONS[request.param])
    kinds = [doc["kind"] for doc in documents]
    assert len(kinds) == len(set(kinds)), kinds
    return {doc["kind"]: doc for doc in documents}


def container(rendered) -> dict:
    return rendered["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def settings_environment(rendered) -> dict[str, str]:
    """The NEWSSTREAMS_* variables the worker container sees, literal values only."""
    env = dict(rendered["ConfigMap"]["data"])
    env.update({e["name"]: e["value"] for e in container(rendered)["env"] if "value" in e})
    return {k: v for k, v in env.items() if k.startswith(ENV_PREFIX)}


def test_every_kind_has_a_schema(rendered):
    assert set(rendered) <= BUILTIN_KINDS | set(CRD_SCHEMA_FILES)
    assert {"Deployment", "Service", "ServiceMonitor", "PodDisruptionBudget", "PrometheusRule", "ScaledObject"} <= set(rendered)


def test_builtin_kinds_validate_against_the_kubernetes_schemas(rendered):
    problems = {kind: builtin_errors(doc) for kind, doc in rendered.items() if kind in BUILTIN_KINDS}
    assert not any(problems.values()), problems


def test_custom_resources_validate_against_the_crd_schemas(rendered):
    problems = {kind: crd_errors(doc) for kind, doc in rendered.items() if kind in CRD_SCHEMA_FILES}
    assert not any(problems.values()), problems


def test_the_validators_catch_a_misspelt_field():
    """Neither check is vacuous: one typo in each kind of document fails."""
    docs = {doc["kind"]: doc for doc in render(KUSTOMIZATIONS["example"])}
    deployment = copy.deepcopy(docs["Deployment"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {"httpGet": {"path": "/readyz"}}
    assert builtin_errors(deployment)
    service = copy.deepcopy(docs["Service"])
    service["spec"]["ports"][0]["port"] = "6066"  # a string where an int belongs
    assert builtin_errors(service)
    scaled = copy.deepcopy(docs["ScaledObject"])
    scaled["spec"]["maxReplicas"] = scaled["spec"].pop("maxReplicaCount")
    assert crd_errors(scaled)
    scaled = copy.deepcopy(docs["ScaledObject"])
    scaled["spec"]["triggers"][0]["metadata"]["lagTreshold"] = "60"
    assert crd_errors(scaled) == ["unknown kafka scaler metadata 'lagTreshold'"]
    monitor = copy.deepcopy(docs["ServiceMonitor"])
    monitor["spec"]["endpoints"][0]["interval"] = "15 seconds"
    assert crd_errors(monitor)
    rule = copy.deepcopy(docs["PrometheusRule"])
    rule["spec"]["groups"][0]["rules"][0]["for"] = "two minutes"
    assert crd_errors(rule)


def test_the_renderer_refuses_what_it_does_not_implement(tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources: []\ncommonLabels: {team: news}\n")
    with pytest.raises(KustomizeError, match="commonLabels"):
        render(tmp_path)
    (tmp_path / "kustomization.yaml").write_text("patches:\n  - target: {kind: Deployment, name: nobody}\n    patch: '[]'\n")
    with pytest.raises(KustomizeError, match="matches no resource"):
        render(tmp_path)


def test_the_prometheus_rule_is_alerts_yml(rendered):
    alerts = yaml.safe_load(alert_rules.ALERTS_FILE.read_text())
    assert rendered["PrometheusRule"]["spec"]["groups"] == alerts["groups"]
    rules = {r["alert"]: r["expr"].strip() for g in rendered["PrometheusRule"]["spec"]["groups"] for r in g["rules"]}
    assert rules == alert_rules.alert_rules()


def test_the_committed_prometheus_rule_is_what_the_generator_writes():
    result = subprocess.run([sys.executable, str(KUBERNETES / "prometheus_rule.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert prometheus_rule.RULE_FILE.read_text() == prometheus_rule.render()


def test_the_image_is_the_projects_at_its_version(rendered):
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    compose_repository = compose["services"]["worker"]["image"].split(":")[0]
    repository, _, tag = container(rendered)["image"].rpartition(":")
    assert repository.rsplit("/", 1)[-1] == compose_repository == "newsstreams"
    assert tag == version


def test_ports_and_probes_match_the_metrics_setting(rendered):
    port = int(settings_environment(rendered)["NEWSSTREAMS_METRICS_PORT"])
    assert port == Settings().metrics_port
    worker = container(rendered)
    assert worker["ports"] == [{"name": "metrics", "containerPort": port, "protocol": "TCP"}]
    assert settings_environment(rendered)["NEWSSTREAMS_METRICS_BIND"] == "0.0.0.0"
    probes = {name: worker[name]["httpGet"] for name in ("startupProbe", "livenessProbe", "readinessProbe")}
    assert probes == {
        "startupProbe": {"path": LIVENESS_PATH, "port": "metrics"},
        "livenessProbe": {"path": LIVENESS_PATH, "port": "metrics"},
        "readinessProbe": {"path": READINESS_PATH, "port": "metrics"},
    }
    service_port = rendered["Service"]["spec"]["ports"][0]
    assert (service_port["name"], service_port["port"], service_port["targetPort"]) == ("metrics", port, "metrics")
    endpoint = rendered["ServiceMonitor"]["spec"]["endpoints"][0]
    assert (endpoint["port"], endpoint["path"]) == ("metrics", "/metrics")


def readme_setting_names() -> set[str]:
    """Every variable named in the README's settings table (`_SSL_CERTFILE` is short for NEWSSTREAMS_SSL_CERTFILE)."""
    section = (ROOT / "README.md").read_text().split("## Settings", 1)[1].split("\n## ", 1)[0]
    names = set()
    for token in re.findall(r"`([A-Z_]+)`", section):
        names.add(token if token.startswith(ENV_PREFIX) else ENV_PREFIX + token.lstrip("_"))
    return names


def test_every_environment_name_is_a_setting_in_the_settings_table(rendered):
    settings = {ENV_PREFIX + name.upper() for name, *_ in setting_fields()}
    secret_files = {ENV_PREFIX + name.upper() + "_FILE" for name, _, _, _, secret in setting_fields() if secret}
    env_names = set(rendered["ConfigMap"]["data"]) | {e["name"] for e in container(rendered)["env"]}
    ours = {name for name in env_names if name.startswith(ENV_PREFIX)}
    assert ours - settings - secret_files == set()
    assert ours - readme_setting_names() == set(), "documented in the README's settings table"
    assert env_names - ours <= {"PYTHONDONTWRITEBYTECODE", "HOME"}


def test_the_settings_values_are_accepted_by_the_worker(rendered):
    environ = settings_environment(rendered)
    # Files and credentials live in the Secret, which exists only in the cluster.
    for name in ("NEWSSTREAMS_SASL_PASSWORD_FILE", "NEWSSTREAMS_SSL_CAFILE"):
        environ.pop(name, None)
    if environ["NEWSSTREAMS_SECURITY_PROTOCOL"].startswith("SASL"):
        environ.update(NEWSSTREAMS_SASL_USERNAME="from-the-secret", NEWSSTREAMS_SASL_PASSWORD="from-the-secret")
    try:
        load_settings(environ=environ)
    except SettingsError as error:
        pytest.fail(str(error))


def test_keda_scales_on_the_workers_group_and_input_topic_within_the_partitions(rendered):
    scaled = rendered["ScaledObject"]["spec"]
    assert scaled["scaleTargetRef"]["name"] == rendered["Deployment"]["metadata"]["name"]
    assert "replicas" not in rendered["Deployment"]["spec"], "the ScaledObject owns the replica count"
    (trigger,) = scaled["triggers"]
    assert trigger["type"] == "kafka"
    config_keys = set(rendered["ConfigMap"]["data"])
    from_env = {key: trigger["metadata"][key] for key in ("bootstrapServersFromEnv", "consumerGroupFromEnv", "topicFromEnv")}
    assert from_env == {
        "bootstrapServersFromEnv": "NEWSSTREAMS_KAFKA_BOOTSTRAP",
        "consumerGroupFromEnv": "NEWSSTREAMS_APP_ID",
        "topicFromEnv": "NEWSSTREAMS_TOPIC_INPUT",
    }
    assert set(from_env.values()) <= config_keys
    envfrom = container(rendered)["envFrom"]
    assert {"configMapRef": {"name": rendered["ConfigMap"]["metadata"]["name"]}} in envfrom
    assert 1 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"] <= int(rendered["ConfigMap"]["data"]["NEWSSTREAMS_PARTITIONS"])
    assert trigger["metadata"]["allowIdleConsumers"] == "false"
    assert int(trigger["metadata"]["lagThreshold"]) > 0


def test_secrets_come_only_from_secret_references(rendered):
    assert "Secret" not in rendered, "a Secret in the manifests would be committed"
    text = json.dumps(list(rendered.values()))
    assert "NEWSSTREAMS_SASL_PASSWORD\"" not in text, "the password is read from a file, never set"
    data = rendered["ConfigMap"]["data"]
    assert "NEWSSTREAMS_SASL_USERNAME" not in data
    worker = container(rendered)
    pod = rendered["Deployment"]["spec"]["template"]["spec"]
    secret_volumes = {v["name"] for v in pod["volumes"] if "secret" in v}
    secret_mounts = [m["mountPath"] for m in worker["volumeMounts"] if m["name"] in secret_volumes]
    for name in ("NEWSSTREAMS_SASL_PASSWORD_FILE", "NEWSSTREAMS_SSL_CAFILE", "NEWSSTREAMS_SSL_CERTFILE", "NEWSSTREAMS_SSL_KEYFILE"):
        if name in data:
            assert any(data[name].startswith(mount + "/") for mount in secret_mounts), name
    for env in worker["env"]:
        if env["name"] == "NEWSSTREAMS_SASL_USERNAME":
            assert set(env) == {"name", "valueFrom"} and "secretKeyRef" in env["valueFrom"]
    if data["NEWSSTREAMS_SECURITY_PROTOCOL"] != "PLAINTEXT":
        auth = rendered["TriggerAuthentication"]["spec"]
        assert set(auth) == {"secretTargetRef"}
        trigger = rendered["ScaledObject"]["spec"]["triggers"][0]
        assert trigger["authenticationRef"]["name"] == rendered["TriggerAuthentication"]["metadata"]["name"]
        assert {ref["parameter"] for ref in auth["secretTargetRef"]} >= {"username", "password"}


def test_the_worker_runs_locked_down_and_stops_gracefully(rendered):
    pod = rendered["Deployment"]["spec"]["template"]["spec"]
    worker = container(rendered)
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    assert worker["securityContext"]["readOnlyRootFilesystem"] is True
    assert worker["securityContext"]["allowPrivilegeEscalation"] is False
    assert worker["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert pod["terminationGracePeriodSeconds"] > LONGEST_BATCH_SECONDS
    # Faust's data folder is writable although the root is not.
    data_dir = settings_environment(rendered)["NEWSSTREAMS_DATA_DIR"]
    assert data_dir in {m["mountPath"] for m in worker["volumeMounts"]}
    strategy = rendered["Deployment"]["spec"]["strategy"]["rollingUpdate"]
    assert strategy["maxSurge"] == 0, "a surged worker may get no partition and never turn ready"


def mebibytes(quantity: str) -> float:
    units = {"Mi": 1, "Gi": 1024}
    return float(quantity[:-2]) * units[quantity[-2:]]


def test_memory_follows_the_benchmark(rendered):
    benchmark = json.loads((ROOT / "docs" / "benchmark.json").read_text())
    peaks = [w["peak_hwm"] for key in ("e2e_1w", "e2e_2w") for w in benchmark[key]["memory_mb"]]
    resources = container(rendered)["resources"]
    assert mebibytes(resources["requests"]["memory"]) >= max(peaks)
    assert mebibytes(resources["limits"]["memory"]) >= 1.5 * max(peaks)
    assert "cpu" not in resources.get("limits", {}), "CPU throttling would delay heartbeats"


def test_the_disruption_budget_and_monitor_select_the_workers(rendered):
    labels = rendered["Deployment"]["spec"]["template"]["metadata"]["labels"]
    for kind in ("PodDisruptionBudget", "ServiceMonitor"):
        selector = rendered[kind]["spec"]["selector"]["matchLabels"]
        assert selector.items() <= labels.items(), kind
    assert rendered["Service"]["spec"]["selector"].items() <= labels.items()
    assert rendered["Service"]["metadata"]["labels"].items() >= rendered["ServiceMonitor"]["spec"]["selector"]["matchLabels"].items()
    # job="newsstreams", which the alert rules select on, comes from this Service label.
    job_label = rendered["ServiceMonitor"]["spec"]["jobLabel"]
    assert rendered["Service"]["metadata"]["labels"][job_label] == "newsstreams"
    assert 'job="newsstreams"' in alert_rules.alert_rules()["NewsstreamsWorkerDown"]
    assert rendered["PodDisruptionBudget"]["spec"]["maxUnavailable"] == 1


def test_a_patch_lands_where_kustomize_would_put_it(tmp_path):
    (tmp_path / "base.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {A: '1', B: '2'}\n"
        "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\n"
        "spec: {template: {spec: {containers: [{name: c, image: 'newsstreams:1', env: [{name: X, value: '1'}]}]}}}\n")
    (tmp_path / "kustomization.yaml").write_text(
        "resources: [base.yaml]\nnamespace: ns\nimages: [{name: newsstreams, newName: reg/newsstreams, newTag: '2'}]\n"
        "patches:\n"
        "  - target: {kind: ConfigMap, name: settings}\n"
        "    patch: '[{op: replace, path: /data/A, value: x}, {op: remove, path: /data/B}, {op: add, path: /data/C~1D, value: y}]'\n"
        "  - target: {kind: Deployment, name: app}\n"
        "    patch: '[{op: add, path: /spec/template/spec/containers/0/env/-, value: {name: Y, value: \"2\"}}]'\n")
    config, deployment = render(tmp_path)
    assert config["data"] == {"A": "x", "C/D": "y"} and config["metadata"]["namespace"] == "ns"
    worker = deployment["spec"]["template"]["spec"]["containers"][0]
    assert worker["image"] == "reg/newsstreams:2"
    assert [e["name"] for e in worker["env"]] == ["X", "Y"]
