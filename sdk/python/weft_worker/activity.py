"""A component as the activity a task node calls: schema checks, context, typed failures, the output budget, the
node's log, liveness heartbeats while it runs, and value references (inputs resolved, outputs over the inline limit
stored), like libs/components' toActivity for TypeScript components."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import logging
import threading
from typing import Any, Awaitable, Callable, Optional

from jsonschema import Draft7Validator
from temporalio import activity
from temporalio.exceptions import ApplicationError

from .claim_check import BlobStore
from .component import Component, ComponentError
from .context import ComponentContext, ComponentLog
from .node_log import NodeLog
from .protocol import (
    INVALID_INPUT,
    INVALID_OUTPUT,
    MAX_INLINE_OUTPUT_BYTES,
    MAX_OUTPUT_BYTES,
    OUTPUT_TOO_LARGE,
    failure_details,
    heartbeat_details,
    invalid_message,
    schema_issues,
)
from .value_references import (
    BAD_VALUE_REFERENCE,
    BadValueReferenceError,
    encode_json,
    has_references,
    resolve_references,
    store_value,
)

BLOB_STORE_UNAVAILABLE = "BlobStoreUnavailable"

ComponentActivity = Callable[[dict], Awaitable[dict]]


def failure(
    message: str, type: str, non_retryable: bool, attempt: int, details: Any = None, logs: Optional[dict] = None
) -> ApplicationError:
    """The failure the interpreter reads: its type becomes the node error's type."""
    first = failure_details(attempt, details, logs)
    return ApplicationError(message, first, type=type, non_retryable=non_retryable)


def as_failure(err: BaseException, attempt: int, logs: Optional[dict] = None) -> ApplicationError:
    """What a component's exception becomes: a ComponentError keeps its type; anything else is retryable, typed by
    its class name (as a TypeScript component's plain Error is typed by its name)."""
    if isinstance(err, ComponentError):
        return failure(err.message, err.type, not err.retryable, attempt, err.details, logs)
    return failure(str(err) or type(err).__name__, type(err).__name__, False, attempt, None, logs)


def check_output(
    component: Component,
    validator: Optional[Draft7Validator],
    node_id: str,
    output: Any,
    attempt: int,
    logs: Optional[dict] = None,
) -> Optional[bytes]:
    """The output's schema and size, failing the node without retries when either is wrong. Returns the output's
    JSON when it is over the inline limit (it then travels as a value reference), else None."""
    issues = schema_issues(validator, output, f"nodes.{node_id}.output") if validator else []
    if issues:
        raise failure(invalid_message(component.name, "output", issues), INVALID_OUTPUT, True, attempt, None, logs)
    try:
        encoded = encode_json(output)
    except (TypeError, ValueError) as err:
        message = f"{component.name}: output is not JSON: {err}"
        raise failure(message, INVALID_OUTPUT, True, attempt, None, logs) from err
    size = len(encoded)
    if size > MAX_OUTPUT_BYTES:
        message = f"{component.name}: output is {size} bytes; the limit is {MAX_OUTPUT_BYTES}"
        raise failure(message, OUTPUT_TOO_LARGE, True, attempt, None, logs)
    return encoded if size > MAX_INLINE_OUTPUT_BYTES else None


def _default_store() -> BlobStore:
    # Imported here: the worker module imports this one.
    from .worker import blob_store_from_env

    return blob_store_from_env()


async def resolve_inputs(name: str, node_id: str, store: Callable[[], BlobStore], inputs: Any, attempt: int) -> Any:
    """The inputs with their value references resolved from the blob store; a bad reference fails the node without
    retries, a store out of reach with retries."""
    try:
        return await asyncio.to_thread(resolve_references, store(), inputs) if has_references(inputs) else inputs
    except BadValueReferenceError as err:
        where = str(err).replace("$", f"nodes.{node_id}.inputs", 1)
        raise failure(f"{name}: input {where}", BAD_VALUE_REFERENCE, True, attempt) from err
    except RecursionError as err:
        message = f"{name}: input nodes.{node_id}.inputs nests too deeply around a value reference to resolve it"
        raise failure(message, BAD_VALUE_REFERENCE, True, attempt) from err
    except Exception as err:  # noqa: BLE001 - the store itself failed: worth a retry
        raise failure(f"{name}: cannot read a referenced input: {err}", BLOB_STORE_UNAVAILABLE, False, attempt) from err



class _Liveness:
    """Heartbeats at a third of the heartbeat timeout, and whenever a line is logged, with the attempt's log and the
    details the component last gave, so only a dead or blocked worker misses them. Beats asked for from a worker
    thread (sync components) are sent from the event loop."""

    def __init__(self, node_log: NodeLog) -> None:
        self.details: Any = None
        self._node_log = node_log
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._context = contextvars.copy_context()
        info = activity.info()
        timeout = info.heartbeat_timeout.total_seconds() if info.heartbeat_timeout else 0
        self._local = info.is_local
        self._task = None if self._local or not timeout else asyncio.create_task(self._beat(max(0.1, timeout / 3)))

    async def _beat(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            self._send()

    def _send(self) -> None:
        activity.heartbeat(heartbeat_details(self._node_log.snapshot(), self.details))

    def beat(self, details: Any = None) -> None:
        self.details = details
        self.send()

    def send(self) -> None:
        if self._local:
            return
        if threading.get_ident() == self._loop_thread:
            self._send()
        else:
            self._loop.call_soon_threadsafe(self._send, context=self._context)

    def stop(self) -> None:
        if self._task:
            self._task.cancel()


def to_activity(component: Component, store: Optional[BlobStore] = None) -> ComponentActivity:
    """The activity, named after the component, that a Weft task node calls. ``store`` holds value references
    (docs/claim-check.md): the claim-check codec's store; by default the one the environment names, made on first
    use."""
    stores: list = [store] if store is not None else []

    def blob_store() -> BlobStore:
        if not stores:
            stores.append(_default_store())
        return stores[0]

    validate_inputs = Draft7Validator(component.input_schema)
    validate_output = Draft7Validator(component.output_schema) if component.output_schema is not None else None

    @activity.defn(name=component.name)
    async def run_component(request: Any) -> dict:
        info = activity.info()
        attempt = info.attempt
        if not isinstance(request, dict):
            message = f"{component.name}: the request must be {{nodeId, inputs}}, got {type(request).__name__}"
            raise failure(message, INVALID_INPUT, True, attempt)
        node_id = str(request.get("nodeId", "?"))
        inputs = request.get("inputs")
        liveness: Optional[_Liveness] = None
        node_log = NodeLog(on_line=lambda: liveness and liveness.send())
        inputs = await resolve_inputs(component.name, node_id, blob_store, inputs, attempt)
        issues = schema_issues(validate_inputs, inputs, f"nodes.{node_id}.inputs")
        if issues:
            message = invalid_message(component.name, "inputs", issues)
            raise failure(message, INVALID_INPUT, True, attempt, None, node_log.snapshot())
        liveness = _Liveness(node_log)
        logger = logging.LoggerAdapter(
            logging.getLogger(f"weft.component.{component.name}"),
            {"node_id": node_id, "attempt": attempt, "workflow_id": info.workflow_id},
        )
        log = ComponentLog(node_log, logger)
        context = ComponentContext(node_id=node_id, attempt=attempt, heartbeat=liveness.beat, log=log)
        args = (inputs, context) if component.takes_context else (inputs,)
        try:
            if inspect.iscoroutinefunction(component.run):
                output = await component.run(*args)
            else:
                output = await asyncio.to_thread(component.run, *args)
        except (asyncio.CancelledError, ApplicationError):
            raise
        except Exception as err:  # noqa: BLE001 - every failure of a component becomes a typed node error
            raise as_failure(err, attempt, node_log.snapshot()) from err
        finally:
            liveness.stop()
        logs = node_log.snapshot()
        encoded = check_output(component, validate_output, node_id, output, attempt, logs)
        if encoded is not None:
            try:
                output = await asyncio.to_thread(store_value, blob_store(), output, encoded)
            except Exception as err:  # noqa: BLE001 - the store itself failed: worth a retry
                message = f"{component.name}: cannot store its {len(encoded)}-byte output: {err}"
                raise failure(message, BLOB_STORE_UNAVAILABLE, False, attempt, None, logs) from err
        return {"output": output, "attempt": attempt, "logs": logs}

    return run_component
