"""A component as the activity a task node calls: schema checks, context, typed failures, the output budget, and
liveness heartbeats while it runs, like libs/components' toActivity for TypeScript components."""

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

from .component import Component, ComponentError
from .context import ComponentContext
from .protocol import (
    INVALID_INPUT,
    INVALID_OUTPUT,
    MAX_OUTPUT_BYTES,
    OUTPUT_TOO_LARGE,
    failure_details,
    invalid_message,
    json_bytes,
    schema_issues,
)

ComponentActivity = Callable[[dict], Awaitable[dict]]


def failure(message: str, type: str, non_retryable: bool, attempt: int, details: Any = None) -> ApplicationError:
    """The failure the interpreter reads: its type becomes the node error's type."""
    return ApplicationError(message, failure_details(attempt, details), type=type, non_retryable=non_retryable)


def as_failure(err: BaseException, attempt: int) -> ApplicationError:
    """What a component's exception becomes: a ComponentError keeps its type; anything else is retryable, typed by
    its class name (as a TypeScript component's plain Error is typed by its name)."""
    if isinstance(err, ComponentError):
        return failure(err.message, err.type, not err.retryable, attempt, err.details)
    return failure(str(err) or type(err).__name__, type(err).__name__, False, attempt)


def check_output(component: Component, validator: Optional[Draft7Validator], node_id: str, output: Any, attempt: int):
    """The output's schema and size, failing the node without retries when either is wrong."""
    issues = schema_issues(validator, output, f"nodes.{node_id}.output") if validator else []
    if issues:
        raise failure(invalid_message(component.name, "output", issues), INVALID_OUTPUT, True, attempt)
    try:
        size = json_bytes(output)
    except (TypeError, ValueError) as err:
        raise failure(f"{component.name}: output is not JSON: {err}", INVALID_OUTPUT, True, attempt) from err
    if size > MAX_OUTPUT_BYTES:
        message = f"{component.name}: output is {size} bytes; the limit is {MAX_OUTPUT_BYTES}"
        raise failure(message, OUTPUT_TOO_LARGE, True, attempt)


class _Liveness:
    """Heartbeats at a third of the heartbeat timeout with the details the component last gave, so only a dead or
    blocked worker misses them. Details given from a worker thread (sync components) are sent from the loop."""

    def __init__(self) -> None:
        self.details: Any = None
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
            activity.heartbeat(self.details)

    def beat(self, details: Any = None) -> None:
        if self._local:
            return
        self.details = details
        if threading.get_ident() == self._loop_thread:
            activity.heartbeat(details)
        else:
            self._loop.call_soon_threadsafe(activity.heartbeat, details, context=self._context)

    def stop(self) -> None:
        if self._task:
            self._task.cancel()


def to_activity(component: Component) -> ComponentActivity:
    """The activity, named after the component, that a Weft task node calls."""
    validate_inputs = Draft7Validator(component.input_schema)
    validate_output = Draft7Validator(component.output_schema) if component.output_schema is not None else None

    @activity.defn(name=component.name)
    async def run_component(request: dict) -> dict:
        info = activity.info()
        attempt = info.attempt
        node_id = str(request.get("nodeId", "?"))
        inputs = request.get("inputs")
        issues = schema_issues(validate_inputs, inputs, f"nodes.{node_id}.inputs")
        if issues:
            raise failure(invalid_message(component.name, "inputs", issues), INVALID_INPUT, True, attempt)
        liveness = _Liveness()
        logger = logging.LoggerAdapter(
            logging.getLogger(f"weft.component.{component.name}"),
            {"node_id": node_id, "attempt": attempt, "workflow_id": info.workflow_id},
        )
        context = ComponentContext(node_id=node_id, attempt=attempt, heartbeat=liveness.beat, log=logger)
        args = (inputs, context) if component.takes_context else (inputs,)
        try:
            if inspect.iscoroutinefunction(component.run):
                output = await component.run(*args)
            else:
                output = await asyncio.to_thread(component.run, *args)
        except (asyncio.CancelledError, ApplicationError):
            raise
        except Exception as err:  # noqa: BLE001 - every failure of a component becomes a typed node error
            raise as_failure(err, attempt) from err
        finally:
            liveness.stop()
        check_output(component, validate_output, node_id, output, attempt)
        return {"output": output, "attempt": attempt}

    return run_component
