"""Tells the Weft control plane which components this worker serves: ``PUT /components/<name>`` for each, with the
worker's language, task queue and identity, and the component's schemas. The control plane validates published
flows against them and routes each task to the queue its component is served on."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Callable, Iterable, Optional

from .component import Component

LANGUAGE = "python"


class RegistrationError(Exception):
    """The control plane refused a registration (a 4xx): retrying the same one cannot help."""


def registration_body(component: Component, task_queue: str, identity: str) -> dict:
    return {"language": LANGUAGE, "taskQueue": task_queue, "workerIdentity": identity, **component.descriptor()}


def registration_url(api_url: str, name: str) -> str:
    return f"{api_url.rstrip('/')}/components/{urllib.parse.quote(name, safe='')}"


def register_components(
    components: Iterable[Component],
    *,
    api_url: str,
    task_queue: str,
    identity: str,
    api_key: Optional[str] = None,
    timeout_s: float = 60.0,
    log: Callable[[str], None] = print,
) -> None:
    """Registers every component, retrying while the control plane is unreachable or busy (it may be starting too)
    for up to ``timeout_s``; a refusal raises RegistrationError with the control plane's reason."""
    deadline = time.monotonic() + timeout_s
    for component in components:
        body = json.dumps(registration_body(component, task_queue, identity)).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        url = registration_url(api_url, component.name)
        delay = 0.25
        while True:
            reason = _put(url, body, headers)
            if reason is None:
                break
            if time.monotonic() + delay > deadline:
                raise RegistrationError(f"{component.name}: cannot register with {api_url}: {reason}")
            log(f"registering {component.name} with {api_url}: {reason}; retrying")
            time.sleep(delay)
            delay = min(delay * 2, 5.0)


def _put(url: str, body: bytes, headers: dict) -> Optional[str]:
    """None once registered; the reason to retry otherwise. Raises RegistrationError on a refusal."""
    request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()
            return None
    except urllib.error.HTTPError as err:
        detail = _problem_detail(err)
        if err.code == 429 or err.code >= 500:
            return f"HTTP {err.code} {detail}"
        raise RegistrationError(f"HTTP {err.code}: {detail}") from err
    except (urllib.error.URLError, OSError) as err:
        return str(getattr(err, "reason", err))


def _problem_detail(err: urllib.error.HTTPError) -> str:
    try:
        problem = json.loads(err.read().decode("utf-8"))
    except (ValueError, OSError):
        return err.reason or ""
    issues = "; ".join(f"{e.get('path')}: {e.get('message')}" for e in problem.get("errors", []) if isinstance(e, dict))
    return " ".join(part for part in (problem.get("detail") or problem.get("title"), issues) if part)
