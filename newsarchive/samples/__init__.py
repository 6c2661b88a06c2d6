"""A synthetic demo portal (generator + loopback server) for the demo crawl, tests and benchmarks."""

from __future__ import annotations

from .portal import SECTIONS, PortalInfo, Route, build_portal
from .server import LoggedRequest, PortalServer

__all__ = ["SECTIONS", "LoggedRequest", "PortalInfo", "PortalServer", "Route", "build_portal"]
