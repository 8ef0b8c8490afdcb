"""remit: a responsibility directory turned into a static site and a command-line tool."""

from .registry import load

__all__ = ["load"]
