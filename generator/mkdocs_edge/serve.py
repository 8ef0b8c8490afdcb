"""The process ``remit serve`` runs: ``mkdocs serve`` whose live-reload server shows a failed
rebuild in the browser.

Plain ``mkdocs serve`` keeps the last good site when a rebuild raises (the remit plugin's
:class:`PluginError` for a registry with errors, for one): the browsers are never told to
reload, and a page requested meanwhile waits for a successful build, so a reload hangs until
the file is fixed. Here the rebuild's error is caught instead: the build counts as done, the
browsers reload, and every page is served with the error on top of it (the last good build
below) until a rebuild succeeds, which reloads them without it. The first build is not
guarded: when it fails there is no site to show, and ``mkdocs serve`` stops with the error.

Run as ``python -m generator.mkdocs_edge.serve [mkdocs serve options]``.
"""

from __future__ import annotations

import logging
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from typing import Any

from mkdocs import __main__ as mkdocs_main
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.remit")

#: The id of the element that shows a failed rebuild (the tests look for it).
ERROR_ID = "remit-serve-error"

_STYLE = ("position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5em;"
          "background:#fff;color:#000;font:16px/1.5 system-ui,sans-serif")
_PRE_STYLE = "white-space:pre-wrap;font:14px/1.5 monospace;color:#8b0000"


def error_overlay(message: str) -> bytes:
    """The element put at the top of every page while the last rebuild failed."""
    box = ET.Element("div", {"id": ERROR_ID, "role": "alert", "style": _STYLE})
    title = ET.SubElement(box, "h1", {"style": "font-size:1.4em;margin:0 0 .5em"})
    title.text = "remit serve: the site could not be rebuilt"
    note = ET.SubElement(box, "p")
    note.text = ("Fix the file and save it: this page reloads by itself. Until then the "
                 "last good build is served under this message.")
    pre = ET.SubElement(box, "pre", {"style": _PRE_STYLE})
    pre.text = message
    return ET.tostring(box, encoding="utf-8", method="html")


class _Collect(logging.Handler):
    """The messages of the errors logged while it is attached."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class ErrorShowingServer(LiveReloadServer):
    """:class:`LiveReloadServer` whose rebuilds never raise: a failed one is remembered in
    :attr:`build_error` and shown on every page until the next one succeeds."""

    def __init__(self, builder: Callable[..., None], **kwargs: Any) -> None:
        self.build_error: str | None = None

        def guarded() -> None:
            errors = _Collect()  # mkdocs logs a BuildError, then raises a bare Abort
            logging.getLogger("mkdocs").addHandler(errors)
            try:
                builder()
            except (Exception, SystemExit) as exc:
                self.build_error = "\n\n".join(errors.messages) or str(exc) or \
                    type(exc).__name__
                log.error("remit serve: the rebuild failed; the pages show this until it "
                          "is fixed:\n%s", self.build_error)
            else:
                self.build_error = None
            finally:
                logging.getLogger("mkdocs").removeHandler(errors)

        super().__init__(builder=guarded, **kwargs)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if self.build_error is None:
            return content
        overlay = error_overlay(self.build_error)
        start = content.find(b"<body")
        end = content.find(b">", start) + 1 if start >= 0 else 0
        return content[:end] + overlay + content[end:]


def main(argv: Sequence[str]) -> None:
    """``mkdocs serve ARGV`` with :class:`ErrorShowingServer` as its server."""
    mkdocs_serve.LiveReloadServer = ErrorShowingServer  # type: ignore[misc,assignment]
    mkdocs_main.cli.main(args=["serve", *argv], prog_name="mkdocs")


if __name__ == "__main__":  # pragma: no cover - run by remit serve
    main(sys.argv[1:])
