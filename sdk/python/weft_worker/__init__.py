"""Weft components in Python: declare them with ``@component`` and serve them with ``serve``."""

from .activity import to_activity
from .claim_check import ClaimCheckCodec, DirectoryBlobStore, codec_from_env
from .component import Component, ComponentError, component
from .context import ComponentContext, ComponentLog
from .registration import RegistrationError, register_components
from .worker import WorkerSettings, data_converter, run_worker, serve

__all__ = [
    "ClaimCheckCodec",
    "Component",
    "ComponentContext",
    "ComponentError",
    "ComponentLog",
    "DirectoryBlobStore",
    "RegistrationError",
    "WorkerSettings",
    "codec_from_env",
    "component",
    "data_converter",
    "register_components",
    "run_worker",
    "serve",
    "to_activity",
]
