import asyncio
import base64
import hashlib
import json
from pathlib import Path

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

import weft_worker.activity
from weft_worker import component, to_activity
from weft_worker.claim_check import DirectoryBlobStore
from weft_worker.value_references import (
    BadValueReferenceError,
    has_references,
    load_value,
    resolve_references,
    store_value,
)

# A value stored by libs/components' storeValue (TypeScript): Python must read it and write the same reference.
VECTOR = json.loads((Path(__file__).parent / "fixtures" / "value-reference-vector.json").read_text())


def test_writes_the_same_reference_and_blob_as_typescript(tmp_path):
    store = DirectoryBlobStore(str(tmp_path))
    assert store_value(store, VECTOR["value"]) == VECTOR["reference"]
    sha = VECTOR["reference"]["$weftRef"][len("sha256:") :]
    assert store.get(f"sha256/{sha}") == base64.b64decode(VECTOR["blob"])


def test_reads_a_value_typescript_stored(tmp_path):
    store = DirectoryBlobStore(str(tmp_path))
    sha = VECTOR["reference"]["$weftRef"][len("sha256:") :]
    store.put(f"sha256/{sha}", base64.b64decode(VECTOR["blob"]))
    assert load_value(store, VECTOR["reference"]) == VECTOR["value"]


def test_resolves_references_anywhere_and_leaves_other_inputs_as_they_are(tmp_path):
    store = DirectoryBlobStore(str(tmp_path))
    listed = store_value(store, [1, 2, 3])
    text = store_value(store, "long text")
    untouched = {"a": {"b": [1, 2]}}
    inputs = {"data": listed, "nested": [{"text": text}, "plain"], "untouched": untouched}
    resolved = resolve_references(store, inputs)
    assert resolved == {"data": [1, 2, 3], "nested": [{"text": "long text"}, "plain"], "untouched": untouched}
    assert resolved["untouched"] is untouched
    assert inputs["data"] is listed
    plain = {"a": [{"b": "c"}], "d": None}
    assert resolve_references(store, plain) is plain
    assert not has_references(plain) and has_references(inputs)


@pytest.mark.parametrize(
    "reference, message",
    [
        ({"$weftRef": "sha256:abc", "bytes": 1, "type": "object"}, r"^\$\.in\[1\]: malformed value reference"),
        ({"$weftRef": 42, "bytes": 1, "type": "object"}, "malformed value reference"),
        ({"$weftRef": "sha256:" + "a" * 64, "bytes": True, "type": "object"}, "malformed value reference"),
        ({"$weftRef": "sha256:" + "a" * 64, "bytes": 1, "type": "function"}, "malformed value reference"),
        ({"$weftRef": "sha256:" + "a" * 64, "bytes": 1, "type": "object", "x": 1}, r"unexpected key\(s\) x beside"),
        ({"$weftRef": "sha256:" + "0" * 64, "bytes": 1, "type": "object"}, r"^\$\.in\[1\]: no value \$weftRef"),
    ],
)
def test_refuses_malformed_and_unknown_references(tmp_path, reference, message):
    with pytest.raises(BadValueReferenceError, match=message):
        resolve_references(DirectoryBlobStore(str(tmp_path)), {"in": ["ok", reference]})


def test_refuses_blobs_that_do_not_match_their_reference(tmp_path):
    store = DirectoryBlobStore(str(tmp_path))
    good = store_value(store, {"x": 1})
    with pytest.raises(BadValueReferenceError, match="does not match its reference"):
        load_value(store, {**good, "bytes": good["bytes"] + 1})
    with pytest.raises(BadValueReferenceError, match="has type object, not array"):
        load_value(store, {**good, "type": "array"})
    data = b"\x0a\x01\x02"
    sha = hashlib.sha256(data).hexdigest()
    store.put(f"sha256/{sha}", data)
    with pytest.raises(BadValueReferenceError, match="is not a JSON value"):
        load_value(store, {"$weftRef": f"sha256:{sha}", "bytes": 3, "type": "object"})


@component(name="team.measure", input_schema={"type": "object", "required": ["data"]})
def measure(inputs):
    return {"length": len(inputs["data"]), "first": inputs["data"][0]}


@component(name="team.make", input_schema={})
def make(inputs):
    return {"items": list(range(inputs["n"]))}


@component(name="team.count", input_schema={"type": "object", "properties": {"made": {"type": "object"}}})
def count(inputs):
    return {"count": len(inputs["made"]["items"]), "sum": sum(inputs["made"]["items"])}


def run(activity, request):
    return asyncio.run(ActivityEnvironment().run(activity, request))


def test_the_activity_resolves_references_in_its_inputs(tmp_path):
    store = DirectoryBlobStore(str(tmp_path))
    reference = store_value(store, list(range(1000)))
    result = run(to_activity(measure, store), {"nodeId": "m", "inputs": {"data": reference}})
    assert result["output"] == {"length": 1000, "first": 0}


def test_the_activity_fails_a_bad_reference_without_retries(tmp_path):
    store = DirectoryBlobStore(str(tmp_path))
    missing = {"$weftRef": "sha256:" + "0" * 64, "bytes": 10, "type": "array"}
    with pytest.raises(ApplicationError) as caught:
        run(to_activity(measure, store), {"nodeId": "m", "inputs": {"data": missing}})
    err = caught.value
    assert (err.type, err.non_retryable) == ("BadValueReference", True)
    assert err.message.startswith("team.measure: input nodes.m.inputs.data: no value $weftRef sha256:000")


def test_outputs_over_the_inline_limit_become_references_the_next_node_resolves(tmp_path, monkeypatch):
    # The real inline limit is 16 MiB; a small one keeps the test fast and checks the same comparison.
    monkeypatch.setattr(weft_worker.activity, "MAX_INLINE_OUTPUT_BYTES", 1024)
    store = DirectoryBlobStore(str(tmp_path))
    small = run(to_activity(make, store), {"nodeId": "a", "inputs": {"n": 3}})
    assert small["output"] == {"items": [0, 1, 2]}
    big = run(to_activity(make, store), {"nodeId": "a", "inputs": {"n": 1000}})
    encoded = json.dumps({"items": list(range(1000))}, separators=(",", ":")).encode()
    assert big["output"] == {
        "$weftRef": f"sha256:{hashlib.sha256(encoded).hexdigest()}",
        "bytes": len(encoded),
        "type": "object",
    }
    result = run(to_activity(count, store), {"nodeId": "c", "inputs": {"made": big["output"]}})
    assert result["output"] == {"count": 1000, "sum": sum(range(1000))}
