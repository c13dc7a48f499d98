from jsonschema import Draft7Validator

from weft_worker.protocol import child_path, failure_details, invalid_message, json_bytes, schema_issues

SCHEMA = {
    "type": "object",
    "properties": {
        "text": {"type": "string"},
        "items": {"type": "array", "items": {"type": "integer"}},
        "odd key": {"type": "string"},
    },
    "required": ["text"],
    "additionalProperties": False,
}


def test_paths_are_written_as_the_control_plane_writes_them():
    assert child_path("$.nodes", 2) == "$.nodes[2]"
    assert child_path("nodes.a.inputs", "text") == "nodes.a.inputs.text"
    assert child_path("nodes.a.inputs", "odd key") == 'nodes.a.inputs["odd key"]'


def test_issues_name_the_path_at_fault_once_each():
    issues = schema_issues(
        Draft7Validator(SCHEMA), {"items": [1, "x"], "extra": 1, "odd key": 3}, "nodes.a.inputs"
    )
    assert sorted(issues) == sorted(
        [
            ("nodes.a.inputs.text", "is required"),
            ("nodes.a.inputs.extra", "unknown field"),
            ("nodes.a.inputs.items[1]", "'x' is not of type 'integer'"),
            ('nodes.a.inputs["odd key"]', "3 is not of type 'string'"),
        ]
    )
    assert schema_issues(Draft7Validator(SCHEMA), {"text": "ok", "items": [1]}, "x") == []


def test_the_message_lists_every_issue_after_the_component_name():
    assert (
        invalid_message("py.x", "inputs", [("nodes.a.inputs.text", "is required"), ("nodes.a.inputs.n", "bad")])
        == "py.x: invalid inputs: nodes.a.inputs.text is required; nodes.a.inputs.n bad"
    )


def test_bytes_are_counted_as_compact_utf8_json():
    assert json_bytes({"a": [1, 2]}) == len('{"a":[1,2]}')
    assert json_bytes("é") == 4


def test_failure_details_carry_the_attempt_and_only_given_details():
    assert failure_details(2) == {"attempt": 2}
    assert failure_details(1, {"why": "x"}) == {"attempt": 1, "details": {"why": "x"}}
