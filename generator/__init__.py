"""remit: a responsibility directory turned into a static site and a command-line tool."""

from generator.load.registry import load

__all__ = ["load"]
