"""The Helm chart (deploy/helm/ttsserve) renders, lints and validates against the Kubernetes schemas, and what it
renders agrees with the server: the profile loads as Settings, the drain matches terminationGracePeriodSeconds,
the autoscaler reads a metric the server exports. No cluster runs here.

Helm itself comes from helm-python-sdk (Helm's Go SDK behind a C ABI: the `helm lint` and `helm template` code,
without the CLI); the schemas from kubernetes-validate. Both are in the `dev` extra; without them the tests skip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

helm = pytest.importorskip("helm_python", reason="needs helm-python-sdk (pip install -e '.[dev]')")
kubernetes_validate = pytest.importorskip("kubernetes_validate", reason="needs kubernetes-validate (the dev extra)")

from ttsserve.settings import Settings, load_settings  # noqa: E402
from ttsserve.telemetry import Telemetry  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "ttsserve"
VALUE_SETS = ["default"] + sorted(p.stem for p in (CHART / "ci").glob("*-values.yaml"))
# The chart's kubeVersion floor and the newest schemas kubernetes-validate ships.
KUBE_VERSIONS = ["1.27.0", kubernetes_validate.latest_version()]
NAMESPACE = "speech"


def values_of(name: str) -> dict:
    return {} if name == "default" else yaml.safe_load((CHART / "ci" / f"{name}.yaml").read_text())


def render(values: dict | None = None) -> list[dict]:
    chart = helm.Chart.load(CHART)
    try:
        out = chart.render(values, name="tts", namespace=NAMESPACE, is_install=True)
    finally:
        chart.close()
    docs = []
    for path, text in sorted(out.items()):
        if path.endswith("NOTES.txt"):
            continue
        docs += [d for d in yaml.safe_load_all(text) if d]
    return docs


def by_kind(docs: list[dict]) -> dict[str, dict]:
    """One object per kind; the dashboard's ConfigMap is under "Dashboard", the profile's under "ConfigMap"."""
    kinds: dict[str, dict] = {}
    for d in docs:
        kind = "Dashboard" if d["kind"] == "ConfigMap" and d["metadata"]["name"].endswith("-dashboard") else d["kind"]
        assert kind not in kinds, f"two {kind} objects"
        kinds[kind] = d
    return kinds


@pytest.fixture(scope="module")
def rendered() -> dict[str, list[dict]]:
    return {name: render(values_of(name)) for name in VALUE_SETS}


def container(kinds: dict) -> dict:
    return kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def env_of(kinds: dict) -> dict[str, str]:
    return {e["name"]: e["value"] for e in container(kinds)["env"]}


@pytest.mark.parametrize("name", VALUE_SETS)
def test_chart_lints_clean(name):
    report = helm.lint(CHART, values_of(name), strict=True, namespace=NAMESPACE, kube_version="v1.27.0")
    problems = [m for m in report["messages"] if m["severity"] >= 2]  # 1 is info ("icon is recommended")
    assert report["total_charts_linted"] == 1 and not report["errors"] and not problems, report


@pytest.mark.parametrize("name", VALUE_SETS)
def test_every_object_validates_against_the_kubernetes_schemas(rendered, name):
    crds = {"ScaledObject", "ServiceMonitor"}  # not in the Kubernetes schemas: checked below
    checked = 0
    for doc in rendered[name]:
        if doc["kind"] in crds:
            continue
        for version in KUBE_VERSIONS:
            # strict: a field the API does not know (a typo, a wrong level) fails too
            kubernetes_validate.validate(doc, version, strict=True)
        checked += 1
    assert checked >= 6


def test_value_sets_render_what_they_say(rendered):
    kinds = {name: by_kind(docs) for name, docs in rendered.items()}
    assert {"Deployment", "Service", "ConfigMap", "PodDisruptionBudget", "ScaledObject", "ServiceAccount"} <= set(kinds["default"])
    assert "HorizontalPodAutoscaler" not in kinds["default"] and "Ingress" not in kinds["default"]
    assert "HorizontalPodAutoscaler" in kinds["hpa-values"] and "ScaledObject" not in kinds["hpa-values"]
    assert "ScaledObject" not in kinds["pvc-values"] and kinds["pvc-values"]["Deployment"]["spec"]["replicas"] == 3
    assert {"Ingress", "ServiceMonitor"} <= set(kinds["ingress-values"])
    assert "Secret" in kinds["pvc-values"] and "Secret" not in kinds["ingress-values"]  # existingSecret: not made


def test_gpu_and_cpu_variants(rendered):
    gpu = container(by_kind(rendered["default"]))
    assert gpu["resources"]["limits"]["nvidia.com/gpu"] == 1 and gpu["image"] == "ttsserve:gpu"
    assert "TTSSERVE_DEVICE" not in env_of(by_kind(rendered["default"]))
    cpu_kinds = by_kind(rendered["cpu-values"])
    cpu = container(cpu_kinds)
    assert "nvidia.com/gpu" not in cpu["resources"]["limits"] and cpu["image"] == "ttsserve:cpu"
    assert env_of(cpu_kinds)["TTSSERVE_DEVICE"] == "cpu"
    assert not cpu_kinds["Deployment"]["spec"]["template"]["spec"].get("tolerations")
    profile = yaml.safe_load(cpu_kinds["ConfigMap"]["data"]["config.yaml"])
    assert profile["device"] == "cpu" and profile["torch_threads"] == 4  # the cpu profile, settings merged over


@pytest.mark.parametrize("name", VALUE_SETS)
def test_rendered_profile_and_environment_are_valid_settings(rendered, name, tmp_path, monkeypatch):
    """The ConfigMap's profile loads through the server's own settings loader, and every TTSSERVE_* variable the
    Deployment sets is a real setting (extra="forbid" would stop the server at startup otherwise)."""
    kinds = by_kind(rendered[name])
    (tmp_path / "config.yaml").write_text(kinds["ConfigMap"]["data"]["config.yaml"])
    for var in [k for k in __import__("os").environ if k.startswith("TTSSERVE_")]:
        monkeypatch.delenv(var)
    env = env_of(kinds)
    for var, value in env.items():
        if var.startswith("TTSSERVE_"):
            assert var[len("TTSSERVE_"):].lower() in Settings.model_fields, var
            if var != "TTSSERVE_API_KEYS_FILE":  # the Secret's file exists only in the pod
                monkeypatch.setenv(var, value)
    settings = load_settings(tmp_path / "config.yaml", weights_dir=tmp_path)
    assert settings.shutdown_grace_s == float(env["TTSSERVE_SHUTDOWN_GRACE_S"])


def test_termination_grace_covers_prestop_and_the_engines_drain(rendered):
    from ttsserve.server import WRITE_OUT_S

    values = yaml.safe_load((CHART / "values.yaml").read_text())
    # the chart's default drain is the server's own default
    assert values["drain"]["shutdownGraceSeconds"] == Settings.model_fields["shutdown_grace_s"].default
    for name in VALUE_SETS:
        kinds = by_kind(rendered[name])
        pod = kinds["Deployment"]["spec"]["template"]["spec"]
        c = container(kinds)
        sleep_s = int(c["lifecycle"]["preStop"]["exec"]["command"][1])
        grace_s = float(env_of(kinds)["TTSSERVE_SHUTDOWN_GRACE_S"])
        assert sleep_s > 0
        assert pod["terminationGracePeriodSeconds"] >= sleep_s + grace_s + WRITE_OUT_S + 1


def test_probes_security_and_writable_paths(rendered):
    kinds = by_kind(rendered["default"])
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    c = container(kinds)
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    start = c["startupProbe"]
    assert start["httpGet"]["path"] == "/healthz" and start["periodSeconds"] * start["failureThreshold"] >= 300
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    for each in [c, *pod["initContainers"]]:
        assert each["securityContext"]["readOnlyRootFilesystem"] is True
        assert each["securityContext"]["allowPrivilegeEscalation"] is False
    volumes = {v["name"]: v for v in pod["volumes"]}
    mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
    # the server writes only under /tmp (jieba's cache, temporary files): docs/scaling.md, "Read-only root"
    assert "emptyDir" in volumes[mounts["/tmp"]["name"]] and env_of(kinds)["HOME"] == "/tmp"
    weights = mounts[env_of(kinds)["TTSSERVE_WEIGHTS_DIR"]]
    assert weights["readOnly"] is True and "emptyDir" in volumes[weights["name"]]
    init = pod["initContainers"][0]
    assert init["command"][:2] == ["cp", "-R"] and init["volumeMounts"][0]["name"] == weights["name"]
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    annotations = kinds["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true" and int(annotations["prometheus.io/port"]) == ports["http"]
    assert kinds["PodDisruptionBudget"]["spec"]["maxUnavailable"] == 1
    strategy = kinds["Deployment"]["spec"]["strategy"]["rollingUpdate"]
    assert strategy["maxUnavailable"] == 0


def test_weights_from_a_claim_and_keys_from_a_secret(rendered, tmp_path):
    kinds = by_kind(rendered["pvc-values"])
    pod = kinds["Deployment"]["spec"]["template"]["spec"]
    assert "initContainers" not in pod
    claim = {v["name"]: v for v in pod["volumes"]}["weights"]["persistentVolumeClaim"]
    assert claim == {"claimName": "tts-voices", "readOnly": True}
    env = env_of(kinds)
    keys_file = Path(env["TTSSERVE_API_KEYS_FILE"])
    secret = kinds["Secret"]
    mount = {m["name"]: m for m in container(kinds)["volumeMounts"]}["api-keys"]
    assert keys_file.parent == Path(mount["mountPath"]) and keys_file.name in secret["stringData"]
    (tmp_path / "keys").write_text(secret["stringData"][keys_file.name])
    assert Settings(api_keys_file=tmp_path / "keys").keys() == ["k-one", "k-two"]  # the server's own reader
    bundled = by_kind(rendered["ingress-values"])
    assert "TTSSERVE_WEIGHTS_DIR" not in env_of(bundled)  # the image's shipped voices
    secret_volume = {v["name"]: v for v in bundled["Deployment"]["spec"]["template"]["spec"]["volumes"]}["api-keys"]
    assert secret_volume["secret"]["secretName"] == "tts-keys"


def exported_metrics() -> set[str]:
    return {m.name for m in Telemetry().registry.collect()}


def test_keda_scaled_object_scales_on_jobs_in_flight_and_never_to_zero(rendered):
    so = by_kind(rendered["default"])["ScaledObject"]
    spec = so["spec"]
    # the fields KEDA's CRD requires, at the places it reads them
    assert spec["scaleTargetRef"]["name"] == by_kind(rendered["default"])["Deployment"]["metadata"]["name"]
    assert so["apiVersion"] == "keda.sh/v1alpha1" and spec["minReplicaCount"] >= 1
    assert spec["maxReplicaCount"] >= spec["minReplicaCount"]
    (trigger,) = spec["triggers"]
    assert trigger["type"] == "prometheus" and trigger["metricType"] == "AverageValue"
    meta = trigger["metadata"]
    assert all(isinstance(v, str) for v in meta.values())  # KEDA's trigger metadata is a map of strings
    assert float(meta["threshold"]) > 0 and meta["serverAddress"].startswith("http")
    metrics = set(re.findall(r"\b(ttsserve_[a-z_]+)", meta["query"]))
    assert metrics == {"ttsserve_jobs_in_flight"} and metrics <= exported_metrics()
    assert f'namespace="{NAMESPACE}"' in meta["query"] and 'pod=~"tts-ttsserve-' in meta["query"]
    behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
    assert behavior["scaleDown"]["stabilizationWindowSeconds"] >= 60


def test_scale_to_zero_is_refused():
    with pytest.raises(helm.HelmRenderError, match="scale-to-zero"):
        render({"autoscaling": {"minReplicas": 0}})


def test_hpa_metric_is_the_one_the_adapter_rule_serves(rendered):
    hpa = by_kind(rendered["hpa-values"])["HorizontalPodAutoscaler"]
    (metric,) = hpa["spec"]["metrics"]
    assert metric["type"] == "Pods" and metric["pods"]["target"]["averageValue"] == "16"
    adapter = yaml.safe_load((CHART.parent / "prometheus-adapter-values.yaml").read_text())
    (rule,) = adapter["rules"]["custom"]
    assert rule["name"]["as"] == metric["pods"]["metric"]["name"]
    assert set(re.findall(r"\b(ttsserve_[a-z_]+)", rule["seriesQuery"])) <= exported_metrics()
    assert rule["resources"]["overrides"]["pod"] == {"resource": "pod"}


def test_ingress_hashes_on_the_voice_header_only_when_asked(rendered):
    ingress = by_kind(rendered["ingress-values"])["Ingress"]
    ann = ingress["metadata"]["annotations"]
    assert ann["nginx.ingress.kubernetes.io/upstream-hash-by"] == "$http_x_tts_voice"
    assert ann["nginx.ingress.kubernetes.io/upstream-hash-by-subset-size"] == "2"
    assert ann["nginx.ingress.kubernetes.io/proxy-buffering"] == "off"  # streamed audio is not held back
    assert "http_503" in ann["nginx.ingress.kubernetes.io/proxy-next-upstream"].split()  # a draining replica's refusals
    plain = by_kind(render({"ingress": {"enabled": True}}))["Ingress"]["metadata"]["annotations"]
    assert not any("upstream-hash-by" in k for k in plain)
    monitor = by_kind(rendered["ingress-values"])["ServiceMonitor"]
    assert monitor["spec"]["endpoints"][0]["path"] == "/metrics" and monitor["spec"]["endpoints"][0]["port"] == "http"


def test_chart_copies_of_profiles_and_dashboard_match_configs(rendered):
    """Helm reads files inside the chart only: the chart carries copies, and they must not drift."""
    for copy in (CHART / "files" / "configs").glob("*.yaml"):
        assert copy.read_bytes() == (ROOT / "configs" / copy.name).read_bytes(), copy.name
    shipped = {p.name for p in (ROOT / "configs").glob("*.yaml")} - {"prometheus.yml"}
    assert {p.name for p in (CHART / "files" / "configs").glob("*.yaml")} == shipped
    dashboard = ROOT / "configs" / "grafana" / "dashboards" / "ttsserve.json"
    assert (CHART / "files" / "dashboards" / "ttsserve.json").read_bytes() == dashboard.read_bytes()
    dash = by_kind(rendered["default"])["Dashboard"]
    assert json.loads(dash["data"]["ttsserve.json"]) == json.loads(dashboard.read_text())
    assert dash["metadata"]["labels"]["grafana_dashboard"] == "1"


@pytest.mark.parametrize("bad", [{"gpu": {"enabled": "no"}}, {"autoscaling": {"mode": "kda"}},
                                 {"weights": {"source": "s3"}}, {"config": {"profile": "gpu-4gb"}},
                                 {"apiKeys": {"keys": ["has space"]}}])
def test_values_schema_refuses_what_would_break_the_release(bad):
    with pytest.raises(helm.HelmError):
        render(bad)
