#!/usr/bin/env python3
"""A loopback fake of the two GitHub endpoints scripts/review_comment.py uses, so the
review-comment step runs without GitHub (scripts/ci-local.sh, tests/test_review_comment.py):

    GET   /repos/OWNER/REPO/issues/N/comments?per_page=&page=   list (paginated)
    POST  /repos/OWNER/REPO/issues/N/comments                   create
    PATCH /repos/OWNER/REPO/issues/comments/ID                  update

    python scripts/fake_github_comments.py --port-file PORTFILE [--token T] [--read-only]

It listens on 127.0.0.1 (a free port, written to PORTFILE once it is ready), checks the
bearer token, keeps the comments in memory, and answers ``GET /_state`` with all of them and
a log of the requests. ``--read-only`` answers every write with 403, as GitHub does for a
pull request from a fork. It stops on SIGTERM or SIGINT. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


class State:
    def __init__(self, token: str, read_only: bool) -> None:
        self.token = token
        self.read_only = read_only
        self.comments: list[dict[str, Any]] = []  # {"id", "issue", "body", "user"}
        self.log: list[list[str]] = []
        self.next_id = 1001
        self.lock = threading.Lock()


def handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: Any = None) -> None:
            raw = b"" if body is None else json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self, method: str) -> None:
            url = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            with state.lock:
                if url.path == "/_state":
                    return self._answer(200, {"comments": state.comments, "log": state.log})
                state.log.append([method, url.path + (f"?{url.query}" if url.query else "")])
                if self.headers.get("Authorization") != f"Bearer {state.token}":
                    return self._answer(401, {"message": "Bad credentials"})
                parts = url.path.strip("/").split("/")
                if len(parts) < 5 or parts[0] != "repos" or parts[3] != "issues":
                    return self._answer(404, {"message": "Not Found"})
                n = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(n)) if n else None
                except ValueError:
                    return self._answer(400, {"message": "Problems parsing JSON"})
                rest = parts[4:]
                if method != "GET" and state.read_only:
                    return self._answer(403, {"message": "Resource not accessible by "
                                              "integration"})
                if len(rest) == 2 and rest[0].isdigit() and rest[1] == "comments":
                    issue = int(rest[0])
                    if method == "GET":
                        per = max(1, min(100, int(q.get("per_page", "30"))))
                        page = max(1, int(q.get("page", "1")))
                        mine = [c for c in state.comments if c["issue"] == issue]
                        return self._answer(200, mine[(page - 1) * per: page * per])
                    if method == "POST" and isinstance(body, dict) and "body" in body:
                        if len(body["body"]) > 65536:
                            return self._answer(422, {"message": "Body is too long "
                                                      "(maximum is 65536 characters)"})
                        c = {"id": state.next_id, "issue": issue, "body": body["body"],
                             "user": {"login": "github-actions[bot]", "type": "Bot"}}
                        state.next_id += 1
                        state.comments.append(c)
                        return self._answer(201, c)
                if len(rest) == 2 and rest[0] == "comments" and rest[1].isdigit() \
                        and method == "PATCH" and isinstance(body, dict) and "body" in body:
                    for c in state.comments:
                        if c["id"] == int(rest[1]):
                            if len(body["body"]) > 65536:
                                return self._answer(422, {"message": "Body is too long "
                                                          "(maximum is 65536 characters)"})
                            c["body"] = body["body"]
                            return self._answer(200, c)
                return self._answer(404, {"message": "Not Found"})

        def do_GET(self) -> None:  # noqa: N802
            self._handle("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._handle("POST")

        def do_PATCH(self) -> None:  # noqa: N802
            self._handle("PATCH")

    return Handler


def serve(token: str = "local-test-token", read_only: bool = False
          ) -> tuple[ThreadingHTTPServer, State]:
    """Start the fake in a thread; (the server, its state). ``server.shutdown()`` stops it."""
    state = State(token, read_only)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler(state))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, state


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--port-file", required=True, help="where to write the port once ready")
    p.add_argument("--token", default="local-test-token", help="the bearer token to expect")
    p.add_argument("--read-only", action="store_true", help="refuse every write (403)")
    args = p.parse_args()
    httpd, _ = serve(args.token, args.read_only)
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    tmp = Path(args.port_file + ".tmp")
    tmp.write_text(str(httpd.server_address[1]), encoding="utf-8")
    tmp.replace(args.port_file)
    done.wait()
    httpd.shutdown()
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
