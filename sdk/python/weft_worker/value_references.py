"""Value references (docs/claim-check.md, "Value references"), as libs/components' value-references.ts writes and
reads them: a node output over the inline limit is stored in the blob store as its UTF-8 JSON under
``sha256/<hex>`` and the run holds ``{"$weftRef": "sha256:<hex>", "bytes": N, "type": "object"|...}`` instead;
a component's inputs get every reference replaced by its value before the component runs."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Dict, List, Tuple

from .claim_check import BlobStore
from .protocol import child_path

VALUE_REFERENCE_KEY = "$weftRef"
BAD_VALUE_REFERENCE = "BadValueReference"
_REFERENCE = re.compile(r"^sha256:([0-9a-f]{64})$")
_JSON_TYPES = {"object", "array", "string", "number", "boolean", "null"}


class BadValueReferenceError(Exception):
    """A reference that is malformed, unknown to the blob store, or whose blob does not match it."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


def encode_json(value: Any) -> bytes:
    """Compact UTF-8 JSON, as the interpreter counts a value's bytes (NaN and infinities are not JSON)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def looks_like_reference(value: Any) -> bool:
    return isinstance(value, dict) and VALUE_REFERENCE_KEY in value


def store_value(store: BlobStore, value: Any, encoded: bytes | None = None) -> Dict[str, Any]:
    """Stores a value's JSON (content-addressed: storing it again is harmless) and returns its reference."""
    data = encode_json(value) if encoded is None else encoded
    sha = hashlib.sha256(data).hexdigest()
    store.put(f"sha256/{sha}", data)
    return {VALUE_REFERENCE_KEY: f"sha256:{sha}", "bytes": len(data), "type": json_type_of(value)}


def _parse(reference: Any, path: str) -> Tuple[str, int, str]:
    shown = json.dumps(reference)[:200]
    if not looks_like_reference(reference):
        raise BadValueReferenceError(f"not a value reference: {shown}", path)
    ref, size, kind = reference.get(VALUE_REFERENCE_KEY), reference.get("bytes"), reference.get("type")
    match = _REFERENCE.match(ref) if isinstance(ref, str) else None
    if not match or isinstance(size, bool) or not isinstance(size, int) or size < 0 or kind not in _JSON_TYPES:
        raise BadValueReferenceError(
            f'malformed value reference {shown}: expected {{"$weftRef": "sha256:<64 hex>", "bytes": <integer>, '
            '"type": <JSON type>}',
            path,
        )
    extra = sorted(k for k in reference if k not in (VALUE_REFERENCE_KEY, "bytes", "type"))
    if extra:
        raise BadValueReferenceError(
            f"malformed value reference: unexpected key(s) {', '.join(extra)} beside $weftRef", path
        )
    return match.group(1), size, kind


def load_value(store: BlobStore, reference: Any, path: str = "$") -> Any:
    """The value a reference stands for, read from the blob store and checked against its size, hash and type."""
    sha, size, kind = _parse(reference, path)
    try:
        data = store.get(f"sha256/{sha}")
    except Exception as err:  # noqa: BLE001 - a missing file or object, whatever the store
        raise BadValueReferenceError(f"no value $weftRef sha256:{sha} in {store.location} ({err})", path) from err
    if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
        raise BadValueReferenceError(f"the blob of sha256:{sha} does not match its reference", path)
    try:
        value = json.loads(data.decode("utf-8"))
    except ValueError as err:
        raise BadValueReferenceError(f"the blob of sha256:{sha} is not a JSON value", path) from err
    if json_type_of(value) != kind:
        raise BadValueReferenceError(f"the value of sha256:{sha} has type {json_type_of(value)}, not {kind}", path)
    return value


def has_references(value: Any) -> bool:
    """Whether any object inside a value has a ``$weftRef`` key: one iterative walk, no paths built (inputs come
    from JSON, so their objects and lists are plain dicts and lists; about 80 ms for 10 MB of small objects)."""
    stack = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if type(item) is dict:
            if VALUE_REFERENCE_KEY in item:
                return True
            children = item.values()
        elif type(item) is list:
            children = item
        else:
            continue
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                push(child)
    return False


def _find(root: Any) -> List[Tuple[dict, str]]:
    found: List[Tuple[dict, str]] = []
    stack: List[Tuple[Any, str]] = [(root, "$")]
    while stack:
        value, path = stack.pop()
        if looks_like_reference(value):
            found.append((value, path))
        elif isinstance(value, dict):
            stack.extend((item, child_path(path, key)) for key, item in value.items() if isinstance(item, (dict, list)))
        elif isinstance(value, list):
            stack.extend((item, child_path(path, i)) for i, item in enumerate(value) if isinstance(item, (dict, list)))
    return found


def _replaced(value: Any, values: Dict[int, Any]) -> Any:
    if id(value) in values:
        return values[id(value)]
    if isinstance(value, dict):
        out = {k: _replaced(v, values) for k, v in value.items()}
        return value if all(out[k] is value[k] for k in value) else out
    if isinstance(value, list):
        items = [_replaced(v, values) for v in value]
        return value if all(a is b for a, b in zip(items, value)) else items
    return value


def resolve_references(store: BlobStore, inputs: Any) -> Any:
    """The inputs with every reference replaced by its value; inputs without references come back as they are.
    Raises BadValueReferenceError (naming the JSON path) for a malformed or unreadable reference."""
    found = _find(inputs)
    if not found:
        return inputs
    loaded: Dict[str, Any] = {}
    values: Dict[int, Any] = {}
    for reference, path in found:
        sha = _parse(reference, path)[0]
        if sha not in loaded:
            loaded[sha] = load_value(store, reference, path)
        values[id(reference)] = loaded[sha]
    return _replaced(inputs, values)
