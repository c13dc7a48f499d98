"""Declaring components: a decorated function with its input and output JSON Schemas."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping, Optional, Union

from jsonschema import Draft7Validator
from jsonschema.exceptions import SchemaError

# The names a flow may give a task's component (libs/dsl COMPONENT_PATTERN): dotted lower-case words.
_NAME = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$")

ComponentFunction = Callable[..., Union[Any, Awaitable[Any]]]


class ComponentError(Exception):
    """An error a component raises to say what kind of failure it is and whether retrying can help.

    The node's error shows ``type`` as its type; ``retryable=False`` fails the node at once, without the
    remaining attempts of its retry policy. ``details`` (JSON) travel with the failure.
    """

    def __init__(self, message: str, type: str, retryable: bool = True, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.type = type
        self.retryable = retryable
        self.details = details


@dataclass(frozen=True)
class Component:
    """A named, schema-checked unit of work that a task node runs as one Temporal activity."""

    name: str
    input_schema: Mapping[str, Any]
    run: ComponentFunction
    output_schema: Optional[Mapping[str, Any]] = None
    description: Optional[str] = None
    # Whether ``run`` takes the ComponentContext as a second argument.
    takes_context: bool = field(default=False)

    def descriptor(self) -> dict:
        """What the control plane keeps of the component (its registration body, less the worker's part)."""
        described: dict = {"inputSchema": dict(self.input_schema)}
        if self.output_schema is not None:
            described["outputSchema"] = dict(self.output_schema)
        if self.description:
            described["description"] = self.description
        return described


def component(
    *,
    name: str,
    input_schema: Mapping[str, Any],
    output_schema: Optional[Mapping[str, Any]] = None,
    description: Optional[str] = None,
) -> Callable[[ComponentFunction], Component]:
    """Declares a component.

    The function takes the node's inputs (a dict that passed ``input_schema``) and, if it has a second parameter,
    the :class:`ComponentContext`; it returns the node's output (JSON), sync or async.

    Example::

        @component(
            name="py.greet",
            input_schema={"type": "object", "properties": {"who": {"type": "string"}}, "required": ["who"]},
        )
        def greet(inputs):
            return {"greeting": f"hello {inputs['who']}"}
    """
    if not _NAME.match(name):
        raise ValueError(f'component name "{name}" must be dotted lower-case words, like "team.do_thing"')
    for label, schema in (("input_schema", input_schema), ("output_schema", output_schema)):
        if schema is None:
            continue
        if not isinstance(schema, Mapping):
            raise ValueError(f"{name}: {label} must be a JSON Schema object")
        try:
            Draft7Validator.check_schema(schema)
        except SchemaError as err:
            raise ValueError(f"{name}: {label} is not a valid JSON Schema: {err.message}") from err

    def declare(fn: ComponentFunction) -> Component:
        params = [
            p
            for p in inspect.signature(fn).parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        return Component(
            name=name,
            input_schema=input_schema,
            output_schema=output_schema,
            description=description or (inspect.getdoc(fn) or "").split("\n\n")[0] or None,
            run=fn,
            takes_context=len(params) >= 2,
        )

    return declare
