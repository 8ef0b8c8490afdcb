"""Spreadsheet round trip on the large generated registry: remit export --format xlsx, an
import of the unchanged workbook (nothing to write), and an import with one edited cell
(checked by loading a copy, then written).

    python benchmarks/bench_workbook.py              # scale 1.0
    python benchmarks/bench_workbook.py --scale 0.1

Each step runs in a fresh process; prints wall time, the process's CPU time (the figure
to compare on a busy machine), peak resident memory, the workbook's size and rows.
Generates the registry as kept for real (YAML + CSV/GeoJSON sources, see
generate_large.py), so the workbook holds the 2,000 departments, their contacts, 5,000
matters and the 10,000 YAML assets; the 90,000 source assets stay in their files.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

EXPORT = r"""
import json, resource, sys, time
from pathlib import Path
from generator.load.registry import load
from generator.directory import Directory
from generator.publish.workbook import workbook_bytes
t0 = time.perf_counter()
reg, _ = load(sys.argv[1])
t1 = time.perf_counter()
data = workbook_bytes(Directory(reg))
t2 = time.perf_counter()
Path(sys.argv[2]).write_bytes(data)
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"load_s": t1 - t0, "write_s": t2 - t1, "bytes": len(data),
                  "cpu_s": ru.ru_utime + ru.ru_stime, "peak_mib": ru.ru_maxrss / 1024}))
"""

IMPORT = r"""
import json, resource, sys, time
from pathlib import Path
from generator.edit.merge import import_file, write_files
t0 = time.perf_counter()
r = import_file(Path(sys.argv[1]), Path(sys.argv[2]))
assert not [p for p in r.problems if p.severity == "error"], r.problems[:3]
write_files(r.files)
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"s": time.perf_counter() - t0, "files": len(r.files),
                  "cpu_s": ru.ru_utime + ru.ru_stime, "peak_mib": ru.ru_maxrss / 1024}))
"""

EDIT = r"""
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[2]  # contacts
ws.cell(row=2, column=[c.value for c in ws[1]].index(sys.argv[3]) + 1, value="工作日 8:00-18:00")
wb.save(sys.argv[2])
"""


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1]) if out.strip() else {}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="remit-bench-wb-"))
    try:
        reg = base / "reg"
        subprocess.run([sys.executable, str(HERE / "generate_large.py"), str(reg), "--scale",
                        str(args.scale)], check=True, capture_output=True)
        book = base / "registry.xlsx"
        t0 = time.perf_counter()
        ex = run(EXPORT, str(reg), str(book))
        wall = time.perf_counter() - t0
        import openpyxl

        wb = openpyxl.load_workbook(book, read_only=True)
        rows = {ws.title: ws.max_row - 1 for ws in wb.worksheets[1:]}
        wb.close()
        print(f"export xlsx: {wall:.1f} s wall, {ex['cpu_s']:.1f} s CPU (load "
              f"{ex['load_s']:.1f} s + workbook {ex['write_s']:.1f} s wall), peak "
              f"{ex['peak_mib']:.0f} MiB, "
              f"{ex['bytes'] / 1e6:.1f} MB, rows {rows}")
        t0 = time.perf_counter()
        im = run(IMPORT, str(book), str(reg))
        print(f"import unchanged: {time.perf_counter() - t0:.1f} s wall, {im['cpu_s']:.1f} s "
              f"CPU, {im['files']} files written, peak {im['peak_mib']:.0f} MiB")
        edited = base / "edited.xlsx"
        words = "办公时间"
        subprocess.run([sys.executable, "-c", EDIT, str(book), str(edited), words], cwd=ROOT,
                       check=True)
        t0 = time.perf_counter()
        im = run(IMPORT, str(edited), str(reg))
        print(f"import one changed cell: {time.perf_counter() - t0:.1f} s wall, "
              f"{im['cpu_s']:.1f} s CPU (incl. checking a copy), {im['files']} file written, "
              f"peak {im['peak_mib']:.0f} MiB")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
