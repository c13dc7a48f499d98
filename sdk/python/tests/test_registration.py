import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from weft_worker import RegistrationError, WorkerSettings, register_components
from weft_worker.examples.text_stats import text_stats
from weft_worker.registration import registration_body, registration_url


class ControlPlane:
    """A small HTTP server answering registrations with the statuses a test gives, recording what it got."""

    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        plane = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                plane.requests.append((self.path, self.headers.get("Authorization"), body))
                status = plane.statuses.pop(0) if plane.statuses else 200
                problem = {"detail": "Invalid component", "errors": [{"path": "$.inputSchema", "message": "bad"}]}
                payload = json.dumps(problem if status >= 400 else body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def plane_with(request):
    planes = []

    def start(*statuses):
        planes.append(ControlPlane(statuses))
        return planes[-1]

    yield start
    for plane in planes:
        plane.close()


def test_the_body_names_language_queue_identity_and_schemas():
    body = registration_body(text_stats, "q1", "7@host")
    assert body["language"] == "python"
    assert (body["taskQueue"], body["workerIdentity"]) == ("q1", "7@host")
    assert body["inputSchema"]["required"] == ["text"]
    assert body["outputSchema"]["required"] == ["characters", "words", "lines", "topWords"]
    assert registration_url("http://api:3000/", "py.text_stats") == "http://api:3000/components/py.text_stats"


def test_registers_each_component_with_the_key(plane_with):
    plane = plane_with()
    register_components([text_stats], api_url=plane.url, task_queue="q", identity="me", api_key="weft_k", log=None)
    assert [(path, auth, body["taskQueue"]) for path, auth, body in plane.requests] == [
        ("/components/py.text_stats", "Bearer weft_k", "q")
    ]


def test_retries_while_the_control_plane_is_busy(plane_with):
    plane = plane_with(503, 429)
    said = []
    register_components([text_stats], api_url=plane.url, task_queue="q", identity="me", log=said.append)
    assert len(plane.requests) == 3
    assert [line.split(":")[0] for line in said] == ["registering py.text_stats with " + plane.url.split(":")[0]] * 2


def test_a_refusal_stops_with_the_reason(plane_with):
    plane = plane_with(400)
    with pytest.raises(RegistrationError, match=r"HTTP 400: Invalid component \$.inputSchema: bad"):
        register_components([text_stats], api_url=plane.url, task_queue="q", identity="me", log=None)


def test_gives_up_on_an_unreachable_control_plane_after_its_timeout():
    with pytest.raises(RegistrationError, match="py.text_stats: cannot register with http://127.0.0.1:9/"):
        register_components(
            [text_stats], api_url="http://127.0.0.1:9/", task_queue="q", identity="me", timeout_s=0.3, log=lambda _: None
        )


def test_settings_come_from_the_environment():
    settings = WorkerSettings.from_env(env={"WEFT_TASK_QUEUE": "py", "WEFT_API_KEY": "k"})
    assert (settings.task_queue, settings.api_url, settings.api_key, settings.register_timeout_s) == (
        "py",
        "http://localhost:3000",
        "k",
        60.0,
    )
    assert settings.shutdown_grace_s == 30.0
    assert WorkerSettings.from_env("own", env={"WEFT_REGISTER": "off"}).api_url is None
    assert WorkerSettings.from_env("q", env={"WEFT_WORKER_SHUTDOWN_GRACE_MS": "5000"}).shutdown_grace_s == 5.0
    with pytest.raises(ValueError, match='WEFT_WORKER_SHUTDOWN_GRACE_MS must be an integer from 0 to 86400000, got "-1"'):
        WorkerSettings.from_env("q", env={"WEFT_WORKER_SHUTDOWN_GRACE_MS": "-1"})
    with pytest.raises(ValueError, match="a task queue is needed"):
        WorkerSettings.from_env(env={})
    with pytest.raises(ValueError, match='WEFT_REGISTER_TIMEOUT_S must be a number of seconds from 0 to 86400, got "x"'):
        WorkerSettings.from_env("q", env={"WEFT_REGISTER_TIMEOUT_S": "x"})
