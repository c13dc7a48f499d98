import asyncio
import re

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

import weft_worker.activity
from weft_worker import ComponentError, component, to_activity
from weft_worker.examples.text_stats import text_stats
from weft_worker.protocol import MAX_INLINE_OUTPUT_BYTES, MAX_OUTPUT_BYTES


def run(comp, request):
    return asyncio.run(ActivityEnvironment().run(to_activity(comp), request))


def failure_of(comp, request) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        run(comp, request)
    return caught.value


def test_answers_the_interpreter_with_the_output_and_the_attempt():
    result = run(text_stats, {"nodeId": "stats", "inputs": {"text": "the cat and the hat\nthe end", "top": 2}})
    logs = result.pop("logs")
    assert result == {
        "output": {"characters": 27, "words": 7, "lines": 2, "topWords": [["the", 3], ["and", 1]]},
        "attempt": 1,
    }
    assert [(line["message"], line["attrs"]) for line in logs["lines"]] == [("counted 7 words", {"distinct": 5})]
    assert logs["dropped"] == 0


def test_the_activity_is_named_after_the_component():
    assert to_activity(text_stats).__temporal_activity_definition.name == "py.text_stats"


def test_bad_inputs_fail_without_retries_naming_the_path():
    err = failure_of(text_stats, {"nodeId": "stats", "inputs": {"top": 0}})
    assert err.type == "InvalidComponentInput"
    assert err.non_retryable is True
    assert err.message == (
        "py.text_stats: invalid inputs: nodes.stats.inputs.text is required; "
        "nodes.stats.inputs.top 0 is less than the minimum of 1"
    )
    assert err.details == ({"attempt": 1, "logs": {"lines": [], "dropped": 0}},)


def test_a_component_error_keeps_its_type_retryability_and_details():
    err = failure_of(text_stats, {"nodeId": "s", "inputs": {"text": " 42 \n"}})
    assert (err.type, err.message, err.non_retryable) == ("EmptyText", "the text has no words", True)

    @component(name="team.flaky", input_schema={"type": "object"})
    async def flaky(inputs, context):
        context.log.warn("queue full", depth=3)
        raise ComponentError("try later", type="Busy", details={"queue": 3})

    err = failure_of(flaky, {"nodeId": "f", "inputs": {}})
    assert (err.type, err.non_retryable) == ("Busy", False)
    [first] = err.details
    assert first["details"] == {"queue": 3}
    [line] = first["logs"]["lines"]
    assert {k: line[k] for k in ("level", "message", "source", "attrs")} == {
        "level": "warn",
        "message": "queue full",
        "source": "log",
        "attrs": {"depth": 3},
    }
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", line["at"])


def test_any_other_exception_is_retryable_and_typed_by_its_class():
    @component(name="team.broken", input_schema={})
    def broken(inputs):
        return {}["missing"]

    err = failure_of(broken, {"nodeId": "b", "inputs": {}})
    assert (err.type, err.message, err.non_retryable) == ("KeyError", "'missing'", False)


def test_outputs_are_checked_against_their_schema_and_size(monkeypatch):
    # The real limit is 256 MiB; a small one keeps the test fast and checks the same comparison.
    monkeypatch.setattr(weft_worker.activity, "MAX_OUTPUT_BYTES", 1024)
    @component(name="team.out", input_schema={}, output_schema={"type": "object", "required": ["n"]})
    def out(inputs):
        return inputs.get("value")

    err = failure_of(out, {"nodeId": "o", "inputs": {"value": {}}})
    assert (err.type, err.message, err.non_retryable) == (
        "InvalidComponentOutput",
        "team.out: invalid output: nodes.o.output.n is required",
        True,
    )
    big = {"n": "x" * 1024}
    err = failure_of(out, {"nodeId": "o", "inputs": {"value": big}})
    assert err.type == "OutputTooLarge"
    assert err.message == "team.out: output is 1032 bytes; the limit is 1024"
    assert (MAX_INLINE_OUTPUT_BYTES, MAX_OUTPUT_BYTES) == (16 * 1024 * 1024, 256 * 1024 * 1024)

    @component(name="team.notjson", input_schema={})
    def not_json(inputs):
        return {1, 2}

    assert failure_of(not_json, {"nodeId": "o", "inputs": {}}).type == "InvalidComponentOutput"


def test_heartbeats_from_a_sync_component_carry_its_details_and_log_lines():
    beats = []

    @component(name="team.beat", input_schema={})
    def beat(inputs, context):
        context.heartbeat({"done": 1})
        context.log.info("halfway")
        return context.node_id

    env = ActivityEnvironment()
    env.on_heartbeat = lambda *details: beats.append(details)
    result = asyncio.run(env.run(to_activity(beat), {"nodeId": "n", "inputs": {}}))
    assert (result["output"], [line["message"] for line in result["logs"]["lines"]]) == ("n", ["halfway"])
    # One beat for the details and one for the line, each with the log as it is when it is sent.
    assert len(beats) == 2
    assert all(len(b) == 1 and b[0]["details"] == {"done": 1} for b in beats)
    assert [line["message"] for line in beats[-1][0]["weftLogs"]["lines"]] == ["halfway"]


def test_a_request_that_is_not_the_interpreters_fails_without_retries():
    err = failure_of(text_stats, ["not", "a", "request"])
    assert (err.type, err.non_retryable) == ("InvalidComponentInput", True)
    assert err.message == "py.text_stats: the request must be {nodeId, inputs}, got list"
