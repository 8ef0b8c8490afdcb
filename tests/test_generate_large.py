"""The large-registry generator (benchmarks/generate_large.py and benchmarks/large/): same
seed, same bytes; what it writes loads without errors; it takes reserved ids, built-in types
and duties from the model rather than keeping its own copies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import model as m
from generator.diagnostics import ERROR
from generator.load.registry import load

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "generate_large.py"


def generate(out: Path, *args: str) -> None:
    subprocess.run([sys.executable, str(SCRIPT), str(out), "--scale", "0.01", *args],
                   check=True, capture_output=True, timeout=300)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_and_it_loads(tmp_path: Path) -> None:
    for variant in ((), ("--all-yaml",)):
        generate(tmp_path / "a", "--seed", "5", *variant)
        generate(tmp_path / "b", "--seed", "5", *variant)
        assert files(tmp_path / "a") == files(tmp_path / "b")
        _, diags = load(tmp_path / "a")
        assert [str(d) for d in diags if d.severity == ERROR] == []


def test_it_uses_the_model_s_lists() -> None:
    sys.path[:0] = [str(ROOT / "benchmarks")]
    try:
        from large import data  # type: ignore[import-not-found]
    finally:
        del sys.path[0]
    assert data.RESERVED is m.RESERVED_IDS
    assert set(data.BUILTIN_TYPES) == {t[0] for t in m.BUILTIN_ASSET_TYPES}
    assert data.LANGUAGE in m.LANGUAGES
    assert [s for s, _ in data.STATUS_WEIGHTS] == list(m.HANDOVER_STATUSES)
