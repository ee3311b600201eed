"""govflow: a governance workflow engine for industry-code change proposals."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
