"""Render a kustomization here without kubectl: the subset of kustomize these manifests use.

    python deploy/kubernetes/render.py deploy/kubernetes/overlays/example   # YAML on stdout

Supported fields: `resources` (files, or folders holding a kustomization),
`namespace`, `images` (newName/newTag by image name) and `patches` with a
`target` (kind and name) and a JSON 6902 patch inline or in a file. Anything
else in a kustomization is refused rather than ignored, so a manifest that
uses more of kustomize fails the tests instead of rendering differently here.
On a machine with kubectl, `kubectl kustomize` renders the same documents
(kustomize also orders them by kind; the order carries no meaning).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import yaml

KUSTOMIZATION = "kustomization.yaml"
SUPPORTED = {"apiVersion", "kind", "resources", "namespace", "images", "patches"}
PATCH_OPS = {"add", "replace", "remove", "test"}


class KustomizeError(ValueError):
    """A kustomization this renderer cannot render faithfully."""


def render(folder: Path) -> list[dict]:
    """Every document the kustomization in `folder` produces, in resource order."""
    folder = Path(folder)
    spec = yaml.safe_load((folder / KUSTOMIZATION).read_text()) or {}
    unknown = set(spec) - SUPPORTED
    if unknown:
        raise KustomizeError(f"{folder / KUSTOMIZATION}: unsupported fields {sorted(unknown)}")
    documents: list[dict] = []
    for entry in spec.get("resources", []):
        path = (folder / entry).resolve()
        if path.is_dir():
            documents += render(path)
        else:
            documents += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    for patch in spec.get("patches", []):
        _apply_patch(documents, patch, folder)
    for image in spec.get("images", []):
        _set_image(documents, image)
    if "namespace" in spec:
        for doc in documents:
            doc.setdefault("metadata", {})["namespace"] = spec["namespace"]
    return documents


def _apply_patch(documents: list[dict], patch: dict, folder: Path) -> None:
    target = patch.get("target") or {}
    if set(target) - {"kind", "name"} or not target.get("kind") or not target.get("name"):
        raise KustomizeError(f"a patch needs a target with kind and name only, got {target}")
    if ("patch" in patch) == ("path" in patch):
        raise KustomizeError("a patch has either `patch` or `path`")
    text = patch["patch"] if "patch" in patch else (folder / patch["path"]).read_text()
    operations = yaml.safe_load(text)
    if not isinstance(operations, list):
        raise KustomizeError(f"only JSON 6902 patches (a list of operations), target {target}")
    matches = [d for d in documents if d.get("kind") == target["kind"] and d["metadata"]["name"] == target["name"]]
    if not matches:
        raise KustomizeError(f"patch target {target} matches no resource")
    for doc in matches:
        for operation in operations:
            _apply_operation(doc, operation)


def _pointer(path: str) -> list[str]:
    if not path.startswith("/"):
        raise KustomizeError(f"JSON pointer {path!r} must start with /")
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def _apply_operation(doc: dict, operation: dict) -> None:
    op = operation.get("op")
    if op not in PATCH_OPS:
        raise KustomizeError(f"unsupported patch op {op!r}")
    *parents, last = _pointer(operation["path"])
    node = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    value = copy.deepcopy(operation.get("value"))
    if isinstance(node, list):
        index = len(node) if last == "-" else int(last)
        if op == "add":
            node.insert(index, value)
        elif op == "replace":
            node[index] = value
        elif op == "remove":
            del node[index]
        elif node[index] != value:
            raise KustomizeError(f"test failed at {operation['path']}")
        return
    if op in ("replace", "remove", "test") and last not in node:
        raise KustomizeError(f"{op} at {operation['path']}: no such field")
    if op in ("add", "replace"):
        node[last] = value
    elif op == "remove":
        del node[last]
    elif node[last] != value:
        raise KustomizeError(f"test failed at {operation['path']}")


def _containers(doc: dict) -> list[dict]:
    pod = doc.get("spec", {}).get("template", {}).get("spec", {})
    return pod.get("containers", []) + pod.get("initContainers", [])


def _set_image(documents: list[dict], image: dict) -> None:
    if set(image) - {"name", "newName", "newTag"}:
        raise KustomizeError(f"images: only name, newName and newTag, got {sorted(image)}")
    for doc in documents:
        for container in _containers(doc):
            name, _, tag = container["image"].partition(":")
            if name == image["name"]:
                container["image"] = f"{image.get('newName', name)}:{image.get('newTag', tag)}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: render.py KUSTOMIZATION_FOLDER", file=sys.stderr)
        return 2
    print(yaml.safe_dump_all(render(Path(argv[0])), sort_keys=False), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
