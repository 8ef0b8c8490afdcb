"""The ``remit`` command. The only module that parses arguments."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .diagnostics import ERROR, format_diagnostics

DEFAULT_PATH = "directory"

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def cmd_check(args: argparse.Namespace) -> int:
    from .registry import load

    _, diags = load(args.path)
    errors = [d for d in diags if d.severity == ERROR]
    out = format_diagnostics(diags, args.format)
    if out:
        _write(out)
    return EXIT_PROBLEMS if errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import schema_json

    _write(schema_json())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="remit", description="A responsibility directory: check the registry, "
                "answer who is responsible, and build the site.")
    p.add_argument("--version", action="version", version=f"remit {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    c = sub.add_parser("check", help="validate the registry and report every problem",
                       description="Validate the registry: print every problem as "
                       "file:line:col: severity: path: message, then a summary. Exit 0 when "
                       "clean, 1 when there are problems, 2 on a usage error.")
    c.add_argument("path", nargs="?", default=DEFAULT_PATH,
                   help="registry folder or its departments.yaml (default: directory)")
    c.add_argument("--format", choices=("text", "json", "github"), default="text",
                   help="text (default), json, or github (GitHub Actions annotations)")
    c.set_defaults(func=cmd_check)

    s = sub.add_parser("schema", help="print the registry's JSON Schema",
                       description="Print the JSON Schema of the registry, generated from the "
                       "model, for editors (YAML language server) and other tools.")
    s.set_defaults(func=cmd_schema)
    return p


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("remit")
    except Exception:  # pragma: no cover - running from a source tree
        return "0+unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # pragma: no cover - `remit check | head`
        return EXIT_OK
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
