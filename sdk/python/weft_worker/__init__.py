"""Weft components in Python: declare them with ``@component`` and serve them with ``serve``."""

from .activity import to_activity
from .component import Component, ComponentError, component
from .context import ComponentContext
from .registration import RegistrationError, register_components
from .worker import WorkerSettings, run_worker, serve

__all__ = [
    "Component",
    "ComponentContext",
    "ComponentError",
    "RegistrationError",
    "WorkerSettings",
    "component",
    "register_components",
    "run_worker",
    "serve",
    "to_activity",
]
