"""Events the access service publishes."""

from __future__ import annotations
