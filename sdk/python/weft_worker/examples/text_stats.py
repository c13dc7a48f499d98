"""An example component worker: ``python -m weft_worker.examples.text_stats`` serves ``py.text_stats`` on the task
queue WEFT_TASK_QUEUE (default ``weft-python``)."""

from __future__ import annotations

import os
import re
from collections import Counter

from weft_worker import ComponentContext, ComponentError, component, serve

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


@component(
    name="py.text_stats",
    input_schema={
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "top": {"type": "integer", "minimum": 1, "maximum": 50, "default": 3},
        },
        "required": ["text"],
        "additionalProperties": False,
    },
    output_schema={
        "type": "object",
        "properties": {
            "characters": {"type": "integer"},
            "words": {"type": "integer"},
            "lines": {"type": "integer"},
            "topWords": {"type": "array", "items": {"type": "array"}},
        },
        "required": ["characters", "words", "lines", "topWords"],
    },
)
def text_stats(inputs: dict, context: ComponentContext) -> dict:
    """Counts the characters, words and lines of a text and its most frequent words (case-folded)."""
    text = inputs["text"]
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        raise ComponentError("the text has no words", type="EmptyText", retryable=False)
    context.log.info(f"counted {len(words)} words", distinct=len(set(words)))
    ranked = sorted(Counter(words).items(), key=lambda item: (-item[1], item[0]))
    return {
        "characters": len(text),
        "words": len(words),
        "lines": len(text.splitlines()),
        "topWords": [[word, count] for word, count in ranked[: inputs.get("top", 3)]],
    }


if __name__ == "__main__":
    serve([text_stats], task_queue=os.environ.get("WEFT_TASK_QUEUE") or "weft-python")
