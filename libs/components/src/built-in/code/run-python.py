"""Runs one Weft code-node snippet: reads {"code", "input"} on stdin, writes the result as JSON on fd 3.

The snippet sees `inputs` (the node's `input`) and sets `output`; its stdout and stderr become the node's log.
"""
import json
import os
import sys
import traceback

FILENAME = "<snippet>"


def snippet_line(tb):
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == FILENAME:
            line = lineno
    return line


def report(result_file, result):
    sys.stdout.flush()
    sys.stderr.flush()
    result_file.write(result)
    result_file.flush()
    os._exit(0)


def failure(kind, message, line):
    return json.dumps({"ok": False, "error": {"type": kind, "message": message, "line": line}})


def main():
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    result_file = os.fdopen(3, "w", encoding="utf-8")
    sys.stdin = open(os.devnull, encoding="utf-8")
    try:
        compiled = compile(request["code"], FILENAME, "exec")
    except SyntaxError as error:
        report(result_file, failure(type(error).__name__, error.msg, error.lineno))
    scope = {"__name__": "__snippet__", "inputs": request.get("input")}
    try:
        exec(compiled, scope)
    except BaseException as error:  # noqa: BLE001 - SystemExit and MemoryError fail the node too
        report(result_file, failure(type(error).__name__, str(error), snippet_line(error.__traceback__)))
    try:
        text = json.dumps(scope.get("output"), allow_nan=False)
    except (TypeError, ValueError) as error:
        report(result_file, failure("OutputNotJson", f"output is not JSON: {error}", None))
    report(result_file, '{"ok":true,"output":' + text + "}")


main()
