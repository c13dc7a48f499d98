"""Runs a Temporal worker that serves components on a task queue of its own and registers them with Weft."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import signal
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Mapping, Optional, Sequence

import temporalio.converter
from temporalio.client import Client
from temporalio.envconfig import ClientConfig
from temporalio.worker import Worker

from .activity import to_activity
from .claim_check import BlobStore, ClaimCheckCodec, codec_from_env
from .component import Component
from .registration import register_components

log = logging.getLogger("weft.worker")


@dataclass
class WorkerSettings:
    """Where the worker polls and registers. ``from_env`` reads the standard names.

    TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TLS and profiles: Temporal's own environment
    configuration. WEFT_API_URL (default http://localhost:3000) and WEFT_API_KEY (an admin key when the API asks for
    keys): the control plane to register with; WEFT_REGISTER=off skips registration. WEFT_REGISTER_TIMEOUT_S (default
    60): how long to retry an unreachable control plane. WEFT_WORKER_SHUTDOWN_GRACE_MS (default 30000): how long
    running components may finish after SIGTERM, as for the TypeScript worker.
    """

    task_queue: str
    api_url: Optional[str] = "http://localhost:3000"
    api_key: Optional[str] = None
    register_timeout_s: float = 60.0
    shutdown_grace_s: float = 30.0
    identity: str = field(default_factory=lambda: f"{os.getpid()}@{socket.gethostname()}")

    @staticmethod
    def from_env(task_queue: Optional[str] = None, env: Optional[Mapping[str, str]] = None) -> "WorkerSettings":
        env = os.environ if env is None else env
        queue = task_queue or env.get("WEFT_TASK_QUEUE")
        if not queue:
            raise ValueError("a task queue is needed: pass task_queue or set WEFT_TASK_QUEUE")
        register = env.get("WEFT_REGISTER", "on")
        if register not in ("on", "off"):
            raise ValueError(f'WEFT_REGISTER must be on or off, got "{register}"')
        raw_timeout = env.get("WEFT_REGISTER_TIMEOUT_S", "60")
        try:
            timeout = float(raw_timeout)
        except ValueError:
            timeout = -1
        if not 0 <= timeout <= 86400:
            raise ValueError(f'WEFT_REGISTER_TIMEOUT_S must be a number of seconds from 0 to 86400, got "{raw_timeout}"')
        raw_grace = env.get("WEFT_WORKER_SHUTDOWN_GRACE_MS", "30000")
        if not raw_grace.isdigit() or int(raw_grace) > 86_400_000:
            raise ValueError(f'WEFT_WORKER_SHUTDOWN_GRACE_MS must be an integer from 0 to 86400000, got "{raw_grace}"')
        return WorkerSettings(
            task_queue=queue,
            shutdown_grace_s=int(raw_grace) / 1000,
            api_url=(env.get("WEFT_API_URL") or "http://localhost:3000") if register == "on" else None,
            api_key=env.get("WEFT_API_KEY") or None,
            register_timeout_s=timeout,
        )


def _repo_data_dir() -> Optional[str]:
    """`.data/` of the Weft repository this package is installed from (editable), as the TypeScript processes
    default to; None when it is installed elsewhere (then WEFT_DATA_DIR or WEFT_BLOB_STORE must be set)."""
    root = Path(__file__).resolve().parents[3]
    return str(root / ".data") if (root / "sdk" / "python" / "pyproject.toml").exists() else None


def blob_store_from_env(env: Optional[Mapping[str, str]] = None) -> BlobStore:
    """The blob store of claim checks and value references the environment names (docs/claim-check.md)."""
    return codec_from_env(env, repo_data_dir=_repo_data_dir()).store


def data_converter(env: Optional[Mapping[str, str]] = None) -> temporalio.converter.DataConverter:
    """Temporal's default converter with Weft's claim-check codec (docs/claim-check.md), as every Weft process has."""
    codec = codec_from_env(env, repo_data_dir=_repo_data_dir())
    return dataclasses.replace(temporalio.converter.default(), payload_codec=codec)


def check_components(components: Sequence[Component]) -> None:
    names = set()
    for c in components:
        if not isinstance(c, Component):
            raise TypeError(f"{c!r} is not a component: declare it with @component(...)")
        if c.name in names:
            raise ValueError(f'component "{c.name}" is served twice')
        names.add(c.name)


async def run_worker(components: Sequence[Component], settings: WorkerSettings, client: Optional[Client] = None):
    """Serves the components until SIGINT/SIGTERM, then lets running ones finish. Registration runs beside polling;
    a refusal by the control plane stops the worker with its reason."""
    check_components(components)
    if client is None:
        client = await Client.connect(**ClientConfig.load_client_connect_config(), data_converter=data_converter())
    # Value references live in the claim-check codec's store (docs/claim-check.md).
    codec = client.data_converter.payload_codec
    store = codec.store if isinstance(codec, ClaimCheckCodec) else blob_store_from_env()
    worker = Worker(
        client,
        task_queue=settings.task_queue,
        activities=[to_activity(c, store) for c in components],
        identity=settings.identity,
        graceful_shutdown_timeout=timedelta(seconds=settings.shutdown_grace_s),
        # Heartbeats carry a running node's log lines: at most a second old for `weft run logs --follow`.
        max_heartbeat_throttle_interval=timedelta(seconds=1),
        default_heartbeat_throttle_interval=timedelta(seconds=1),
    )
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    running = asyncio.create_task(worker.run())
    names = ", ".join(c.name for c in components)
    log.info('serving %s on task queue "%s" as %s', names, settings.task_queue, settings.identity)
    try:
        if settings.api_url:
            await asyncio.to_thread(
                register_components,
                components,
                api_url=settings.api_url,
                task_queue=settings.task_queue,
                identity=settings.identity,
                api_key=settings.api_key,
                timeout_s=settings.register_timeout_s,
                log=log.warning,
            )
            log.info("registered %s with %s", names, settings.api_url)
        stopped = asyncio.create_task(stop.wait())
        await asyncio.wait([running, stopped], return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not running.done():
            await worker.shutdown()
        await running


# WEFT_LOG_LEVEL takes the TypeScript worker's names.
_LEVELS = {"trace": 5, "debug": 10, "info": 20, "warn": 30, "error": 40, "fatal": 50, "silent": 100}


def log_level(name: str) -> int:
    if name not in _LEVELS:
        raise ValueError(f'WEFT_LOG_LEVEL must be one of {", ".join(_LEVELS)}, got "{name}"')
    return _LEVELS[name]


def serve(components: Sequence[Component], task_queue: Optional[str] = None) -> None:
    """The main of a component worker: settings from the environment; a refusal by the control plane ends it."""
    logging.basicConfig(level=log_level(os.environ.get("WEFT_LOG_LEVEL", "info")), format="%(levelname)s %(name)s %(message)s")
    asyncio.run(run_worker(components, WorkerSettings.from_env(task_queue)))
