import pytest

from weft_worker.node_log import MAX_BYTES, MAX_LINE_BYTES, MAX_LINES, NodeLog


def test_keeps_the_last_lines_and_counts_the_dropped_ones():
    log = NodeLog()
    for i in range(MAX_LINES + 5):
        log.add("info", f"line {i}")
    snapshot = log.snapshot()
    assert len(snapshot["lines"]) == MAX_LINES
    assert snapshot["dropped"] == 5
    assert snapshot["lines"][0]["message"] == "line 5"


def test_keeps_within_the_byte_bound_and_cuts_long_lines():
    log = NodeLog()
    for _ in range(20):
        log.add("error", "é" * MAX_LINE_BYTES, "stderr")
    snapshot = log.snapshot()
    kept = snapshot["lines"]
    assert all(len(line["message"].encode()) <= MAX_LINE_BYTES and line["message"].endswith("...") for line in kept)
    assert sum(len(line["message"].encode()) for line in kept) <= MAX_BYTES
    assert snapshot["dropped"] == 20 - len(kept)
    assert kept[0]["source"] == "stderr"


def test_attrs_that_are_too_big_or_not_json_are_left_out_and_levels_are_checked():
    log = NodeLog()
    log.add("debug", "big", attrs={"x": "y" * MAX_LINE_BYTES})
    log.add("debug", "odd", attrs={"when": object()})
    [big, odd] = log.snapshot()["lines"]
    assert "attrs" not in big
    assert odd["attrs"]["when"].startswith("<object object")
    with pytest.raises(ValueError, match='log level must be one of debug, info, warn, error, got "trace"'):
        log.add("trace", "no")


def test_tells_of_each_line():
    told = []
    log = NodeLog(on_line=lambda: told.append(len(log.snapshot()["lines"])))
    log.add("info", "a")
    log.add("info", "b")
    assert told == [1, 2]
