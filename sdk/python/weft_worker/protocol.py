"""What the Weft interpreter sends to a component activity and expects back (libs/dsl component-protocol.ts).

The interpreter calls an activity whose type is the component's name with one argument,
``{"nodeId": str, "inputs": {...}}``, and expects ``{"output": <JSON>, "attempt": int}``. A failure is an
ApplicationError whose first detail is ``{"attempt": int, "details"?: <JSON>}``.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, List, Optional, Tuple

from jsonschema import Draft7Validator

INVALID_INPUT = "InvalidComponentInput"
INVALID_OUTPUT = "InvalidComponentOutput"
OUTPUT_TOO_LARGE = "OutputTooLarge"
# libs/dsl LIMITS.maxNodeOutputBytes: a node output kept inline in the run (over the claim-check threshold the codec
# keeps it out of the history, but the workflow holds it). A larger one travels as a value reference
# (value_references.py), up to LIMITS.maxReferencedOutputBytes; more fails the node with OutputTooLarge.
MAX_INLINE_OUTPUT_BYTES = 16 * 1024 * 1024
MAX_OUTPUT_BYTES = 256 * 1024 * 1024

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def child_path(parent: str, key: Any) -> str:
    """Appends a property name or list index to a JSON path, as the control plane writes them."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if _IDENTIFIER.match(key) else f"{parent}[{json.dumps(key)}]"


def schema_issues(validator: Draft7Validator, value: Any, base_path: str) -> List[Tuple[str, str]]:
    """(path, message) of each problem of ``value``, one per path, with paths under ``base_path``."""
    by_path: dict = {}
    for error in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
        path = base_path
        for key in error.absolute_path:
            path = child_path(path, key)
        message = error.message
        if error.validator == "required":
            missing = _missing_property(error)
            if missing is not None:
                path, message = child_path(path, missing), "is required"
        elif error.validator == "additionalProperties":
            extra = _extra_properties(error)
            if extra:
                path, message = child_path(path, extra[0]), "unknown field"
        by_path[path] = message
    return list(by_path.items())


def _missing_property(error: Any) -> Any:
    for name in error.validator_value:
        if isinstance(error.instance, dict) and name not in error.instance:
            return name
    return None


def _extra_properties(error: Any) -> List[str]:
    allowed = set((error.schema or {}).get("properties", {}))
    return sorted(k for k in error.instance if k not in allowed) if isinstance(error.instance, dict) else []


def invalid_message(component: str, what: str, issues: Iterable[Tuple[str, str]]) -> str:
    return f"{component}: invalid {what}: " + "; ".join(f"{path} {message}" for path, message in issues)


def json_bytes(value: Any) -> int:
    """Bytes of a value as compact UTF-8 JSON, as the interpreter counts them."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def failure_details(attempt: int, details: Any = None, logs: Optional[dict] = None) -> dict:
    """The first detail of every failure a component activity raises (with the attempt's log, docs/node-logs.md)."""
    first: dict = {"attempt": attempt}
    if details is not None:
        first["details"] = details
    if logs is not None:
        first["logs"] = logs
    return first


def heartbeat_details(logs: Optional[dict], details: Any = None) -> dict:
    """The single heartbeat detail of a component activity: its log so far and its own details."""
    beat: dict = {}
    if logs is not None:
        beat["weftLogs"] = logs
    if details is not None:
        beat["details"] = details
    return beat
