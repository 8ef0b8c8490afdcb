"""The ``remit`` command. The only module that parses arguments."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from generator.diagnostics import ERROR, format_diagnostics
from generator.words import LANGUAGES

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from generator.directory import Directory

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
    from generator.checks.findings import run_checks
    from generator.checks.report import check_output, counts
    from generator.directory import Directory
    from generator.load.registry import load

    reg, diags = load(args.path)
    errors = [d for d in diags if d.severity == ERROR]
    findings = []
    if not errors and not args.no_gaps:
        d = Directory(reg, today=args.today)
        findings = run_checks(d, args.today, max_contact_age=args.max_contact_age)
    lang = args.lang or reg.site.language
    out = check_output(diags, findings, args.format, strict=args.strict, lang=lang)
    if out:
        _write(out)
    if errors:
        print("remit: the responsibility-gap checks run once the errors are fixed",
              file=sys.stderr)
    n_errors, _, _ = counts(diags, findings, args.strict)
    return EXIT_PROBLEMS if n_errors else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    import datetime as dt

    from generator.checks.findings import run_checks
    from generator.checks.report import report_output
    from generator.directory import Directory
    from generator.load.registry import load
    from generator.publish.csv_safe import BOM

    reg, diags = load(args.path)
    errors = [d for d in diags if d.severity == ERROR]
    if errors:
        sys.stderr.write(format_diagnostics(diags, "text") + "\n")
        return EXIT_PROBLEMS
    today = args.today or dt.date.today()
    findings = run_checks(Directory(reg, today=today), today,
                          max_contact_age=args.max_contact_age)
    lang = args.lang or reg.site.language
    out = report_output(findings, args.format, lang, today, expand=args.expand)
    if args.format == "csv" and not args.no_bom:
        out = BOM + out  # the one BOM policy of every CSV remit writes (csv_safe)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return EXIT_OK


def _date_arg(text: str) -> datetime.date:
    import datetime

    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-01")


def _datetime_arg(text: str) -> datetime.datetime:
    import datetime

    try:
        return datetime.datetime.fromisoformat(text.strip().replace(" ", "T"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is no local time; write YYYY-MM-DDTHH:MM (2026-11-28T22:30)") from None


def _days_arg(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days (0 or more)")
    return int(text)


def _gap_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                   help="the date the checks count from (default: today), so the output is "
                   "reproducible")
    c.add_argument("--max-contact-age", type=_days_arg, metavar="DAYS",
                   help="report contacts not verified within DAYS days (default: "
                   "site.checks.contact_max_age_days, else 365)")


def _export_refusal(out: str, registry: str, command: str = "export") -> str | None:
    """Why ``remit export --out`` must not write ``out``: the registry folder, the project
    folder around it (the registry's parent) and the docs folder its mkdocs.yml names are
    protected as for the site."""
    from pathlib import Path

    from generator.mkdocs_edge.site_config import ConfigError, read_mkdocs_config
    from generator.publish.output_dir import refusal

    reg = Path(registry)
    reg_dir = reg.parent if reg.suffix in (".yaml", ".yml") and not reg.is_dir() else reg
    root = reg_dir.resolve().parent
    docs: Path | None = None
    if (root / "mkdocs.yml").is_file():
        try:
            name = read_mkdocs_config(root / "mkdocs.yml").get("docs_dir", "docs")
        except ConfigError:
            name = "docs"
        docs = root / name if isinstance(name, str) and name.strip() else None
    return refusal(out, root, reg_dir, docs, command=command)


def cmd_export(args: argparse.Namespace) -> int:
    from generator.directory import Directory
    from generator.load.registry import load
    from generator.model.schema import schema_json
    from generator.publish.export import all_exports, export_bytes
    from generator.publish.output_dir import OutputError, write_owned

    if args.out:
        why = _export_refusal(args.out, args.path)
        if why:
            print(f"remit export: {why}", file=sys.stderr)
            return EXIT_USAGE
    if args.format == "schema":
        files = {"remit.schema.json": schema_json().encode("utf-8")}
    else:
        reg, diags = load(args.path)
        if any(d.severity == ERROR for d in diags):
            sys.stderr.write(format_diagnostics(diags, "text") + "\n")
            return EXIT_PROBLEMS
        d = Directory(reg)
        if args.internal and args.format != "xlsx":
            print("remit export: --internal is for --format xlsx only (the open data never "
                  "holds internal contacts)", file=sys.stderr)
            return EXIT_USAGE
        if args.format == "xlsx":
            from generator.publish.workbook import WORKBOOK_FILE, workbook_bytes

            files = {WORKBOOK_FILE: workbook_bytes(d, internal=args.internal)}
        else:
            files = all_exports(d) if args.format == "all" else export_bytes(d, args.format)
    if args.out:
        try:
            done = write_owned(args.out, files, command="export", group=args.format)
        except OutputError as exc:
            print(f"remit export: {exc.message}", file=sys.stderr)
            return exc.code
        n = done.written
        gone = f"; removed {done.removed} it had written before" if done.removed else ""
        print(f"remit export: wrote {n} file{'s' if n != 1 else ''} to {args.out}{gone}",
              file=sys.stderr)
        return EXIT_OK
    if args.format == "all":
        print("remit export: --format all writes many files; give --out DIR", file=sys.stderr)
        return EXIT_USAGE
    if args.format == "csv":
        if not args.kind:
            kinds = ", ".join(k[4:-4] for k in files)
            print(f"remit export: CSV to standard output needs --kind (one of {kinds}), or "
                  "give --out DIR for every table", file=sys.stderr)
            return EXIT_USAGE
        key = f"csv/{args.kind}.csv"
    elif args.format == "open311":
        key = "open311/services.json"
    elif args.format == "xlsx" and sys.stdout.isatty():
        print("remit export: an .xlsx workbook is not text; give --out DIR or redirect "
              "standard output to a file (> registry.xlsx)", file=sys.stderr)
        return EXIT_USAGE
    else:
        (key,) = files
    sys.stdout.flush()
    sys.stdout.buffer.write(files[key])
    sys.stdout.buffer.flush()
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from generator.edit.merge import import_file, write_files

    src = Path(args.file)
    if not src.is_file():
        print(f"remit import: {args.file} is not a file (give a workbook .xlsx or a .csv "
              "file written by remit export)", file=sys.stderr)
        return EXIT_USAGE
    if src.suffix.lower() not in (".xlsx", ".csv"):
        print(f"remit import: {args.file}: give an .xlsx workbook or a .csv file (an .xls or "
              ".et file: save it as .xlsx first)", file=sys.stderr)
        return EXIT_USAGE
    if not os.path.exists(args.registry):
        print(f"remit import: no registry at '{args.registry}' (use --registry DIR)",
              file=sys.stderr)
        return EXIT_USAGE
    result = import_file(src, Path(args.registry), shown=args.file)
    errors = [x for x in result.problems if x.severity == ERROR]
    if result.problems:
        sys.stderr.write(format_diagnostics(result.problems, args.format) + "\n")
    for note in result.notes:
        print(f"remit import: note: {note}", file=sys.stderr)
    if errors:
        print("remit import: nothing written; fix the cells above and import again",
              file=sys.stderr)
        return EXIT_PROBLEMS
    if not result.files:
        print("remit import: no changes; the registry already says what the file says",
              file=sys.stderr)
        return EXIT_OK
    for line in result.changes:
        print(f"remit import: {line}", file=sys.stderr)
    names = ", ".join(sorted(os.path.relpath(p) for p in result.files))
    if args.dry_run:
        print(f"remit import: would write {names} (--dry-run: nothing written)",
              file=sys.stderr)
        return EXIT_OK
    write_files(result.files)
    print(f"remit import: wrote {names}", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    import datetime

    from generator.checks.review import SOURCE_URL, gap_changes, render_review
    from generator.publish.diff import diff_registries
    from generator.publish.diff_sides import DiffError, load_side, shown_file

    if args.source_url and not SOURCE_URL.fullmatch(args.source_url):
        print(f"remit diff: --source-url '{args.source_url}' is not an http(s) address "
              "without spaces, quotes, brackets or parentheses", file=sys.stderr)
        return EXIT_USAGE
    try:
        old_label, old, old_errors, old_shown = load_side(args.old, args.registry)
        new_label, new, new_errors, new_shown = load_side(args.new, args.registry)
    except DiffError as exc:
        print(f"remit diff: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if new is None:
        print(f"remit diff: there is no registry in {new_label}", file=sys.stderr)
        return EXIT_PROBLEMS
    for label, n in ((old_label, old_errors), (new_label, new_errors)):
        if n:
            print(f"remit diff: note: {label} has {n} error{'s' if n != 1 else ''} "
                  "(see remit check); comparing what loaded", file=sys.stderr)
    diff = diff_registries(old, new, lang=args.lang, old_label=old_label,
                           new_label=new_label, public_only=args.public)
    gaps = None
    if not args.no_gaps:
        gaps = gap_changes(old, new, args.today or datetime.date.today(),
                           old_errors=old_errors, new_errors=new_errors, old_label=old_label,
                           new_label=new_label, public_only=args.public,
                           file_names=(shown_file(old, old_shown) if old else None,
                                       shown_file(new, new_shown)))
    out = render_review(diff, gaps, args.format, source_url=args.source_url)
    if out:
        _write(out)
    return EXIT_OK


def cmd_lookup(args: argparse.Namespace) -> int:
    import json
    import os

    from generator.answers.routing import lookup, lookup_json, lookup_text
    from generator.directory import Directory
    from generator.load.registry import load

    if not os.path.exists(args.registry):
        print(f"remit lookup: no registry at '{args.registry}' (use --registry DIR)",
              file=sys.stderr)
        return EXIT_USAGE
    if not args.matter.strip():
        print("remit lookup: say what is wrong (MATTER is empty)", file=sys.stderr)
        return EXIT_USAGE
    reg, diags = load(args.registry)
    if any(x.severity == ERROR for x in diags):
        sys.stderr.write(format_diagnostics(diags, "text") + "\n")
        return EXIT_PROBLEMS
    import datetime

    now = args.now or datetime.datetime.now()
    d = Directory(reg, today=args.today or now.date())
    if args.base_url is not None:
        from generator.publish.qr_labels import LabelError, normalize_base

        try:
            args.base_url = normalize_base(args.base_url)
        except LabelError as exc:
            print("\n".join(exc.problems), file=sys.stderr)
            return EXIT_USAGE
    if args.at is not None or args.radius is not None:
        return _lookup_place(d, args)
    lk = lookup(d, args.matter, args.asset, args.lang)
    if args.format == "json":
        _write(json.dumps(lookup_json(d, lk, args.lang, now, args.base_url),
                          ensure_ascii=False, indent=2))
    else:
        _write(lookup_text(d, lk, args.lang, now))
    return EXIT_OK if lk.answer is not None else EXIT_PROBLEMS


def _lookup_place(d: Directory, args: argparse.Namespace) -> int:
    """``remit lookup MATTER --at LON,LAT [--radius M]``: usage errors in the registry's
    language (exit 2), then the nearest asset of the matter's types, routed."""
    import json

    from generator.answers.nearby import (
        DEFAULT_RADIUS,
        MAX_RADIUS,
        at_place,
        parse_at,
        place_json,
        place_text,
    )
    from generator.answers.routing import lookup, lookup_json, lookup_text
    from generator.words import t

    lang = args.lang or d.registry.site.language
    problems = []
    if args.at is None:
        problems.append(t("place.radius_without_at", lang))
    elif args.asset is not None:
        problems.append(t("place.both", lang))
    at = parse_at(args.at) if args.at is not None else None
    if args.at is not None and at is None:
        problems.append(t("place.bad_at", lang, x=args.at))
    radius = DEFAULT_RADIUS
    if args.radius is not None:
        try:
            radius = float(args.radius)
        except ValueError:
            radius = -1.0
        if not 1.0 <= radius <= MAX_RADIUS:  # also NaN
            problems.append(t("place.bad_radius", lang, x=args.radius, max=round(MAX_RADIUS)))
    if problems or at is None:
        print("\n".join(problems), file=sys.stderr)
        return EXIT_USAGE
    lk = lookup(d, args.matter, None, args.lang)
    if lk.answer is None:  # the matter's words did not settle
        if args.format == "json":
            _write(json.dumps(lookup_json(d, lk, args.lang), ensure_ascii=False, indent=2))
        else:
            _write(lookup_text(d, lk, args.lang))
        return EXIT_PROBLEMS
    place = at_place(d, lk.answer.matter, at[0], at[1], radius, args.lang)
    if args.format == "json":
        _write(json.dumps(place_json(d, place, args.lang, args.base_url), ensure_ascii=False,
                          indent=2))
    else:
        _write(place_text(d, place, args.lang))
    return EXIT_OK


def _labels_base(args: argparse.Namespace) -> tuple[str | None, bool, list[str]]:
    """The labels' base URL (``--base-url``, else ``site_url`` of mkdocs.yml), whether the
    site uses directory URLs, and the problems."""
    from pathlib import Path

    from generator.mkdocs_edge.site_config import ConfigError, read_mkdocs_config
    from generator.publish.qr_labels import LabelError, normalize_base

    site_url, directory_urls = None, True
    config = Path(args.config)
    if config.is_file():
        try:
            cfg = read_mkdocs_config(config)
        except ConfigError as exc:
            return None, True, [str(exc)]
        site_url = cfg.get("site_url") if isinstance(cfg.get("site_url"), str) else None
        directory_urls = cfg.get("use_directory_urls", True) is not False
    elif args.config != "mkdocs.yml":
        return None, True, [f"{config} not found (give the site's mkdocs.yml with -f)"]
    text = args.base_url or site_url
    if not text:
        return None, True, ["no address for the codes: give --base-url https://your.site/ "
                            "or set site_url in mkdocs.yml (-f FILE)"]
    try:
        return normalize_base(text), directory_urls, []
    except LabelError as exc:
        where = "" if args.base_url else f" (site_url in {config})"
        return None, True, [p + where for p in exc.problems]


def _chromium() -> str | None:
    import os
    import shutil

    named = os.environ.get("REMIT_CHROMIUM")
    if named:
        return shutil.which(named)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                 "microsoft-edge"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _print_pdf(html: str) -> bytes | str:
    """The sheet printed to PDF by a headless Chromium or Chrome; the reason when it
    cannot be."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    browser = _chromium()
    if browser is None:
        return ("a PDF is printed with Chromium or Chrome, and neither was found (set "
                "REMIT_CHROMIUM to its path), or write --format html and print labels.html "
                "from a browser at 100%")
    with tempfile.TemporaryDirectory(prefix="remit-labels-") as tmp:
        src, pdf = Path(tmp) / "labels.html", Path(tmp) / "labels.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [browser, "--headless", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={tmp}/profile",
               "--no-pdf-header-footer", f"--print-to-pdf={pdf}", src.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"{browser} could not print the sheet ({exc})"
        if done.returncode != 0 or not pdf.is_file():
            return f"{browser} could not print the sheet (exit {done.returncode})"
        return pdf.read_bytes()


def cmd_labels(args: argparse.Namespace) -> int:
    from generator.directory import Directory
    from generator.load.registry import load
    from generator.publish.output_dir import OutputError, write_owned
    from generator.publish.qr_labels import LabelError, make_labels, select
    from generator.site.label_pages import label_svg, sheet_html
    from generator.words import asset_type_name, t

    def fail(problems: Sequence[str], code: int = EXIT_USAGE) -> int:
        for p in problems:
            print(f"remit labels: {p}", file=sys.stderr)
        return code

    why = _export_refusal(args.out, args.path, command="labels")
    base, directory_urls, problems = _labels_base(args)
    if why:
        problems.insert(0, why)
    if problems:
        return fail(problems)
    assert base is not None
    reg, diags = load(args.path)
    if any(x.severity == ERROR for x in diags):
        sys.stderr.write(format_diagnostics(diags, "text") + "\n")
        return EXIT_PROBLEMS
    d = Directory(reg)
    try:
        chosen = select(d, args.type or (), args.parent, args.matter)
    except LabelError as exc:
        return fail(exc.problems, exc.code)
    lang = args.lang or reg.site.language
    matter = chosen.matter
    if len(chosen.assets) > 1000:  # about 8 ms a code (benchmarks/bench_labels.py)
        secs = len(chosen.assets) * 0.008
        took = f"{secs:.0f} s" if secs < 120 else f"{secs / 60:.0f} min"
        print(f"remit labels: making {len(chosen.assets)} QR codes takes about {took}; "
              "--parent chooses one circuit or road at a time", file=sys.stderr)
    labels = make_labels(d, chosen.assets, base, matter=matter, directory_urls=directory_urls)
    if chosen.parent is not None:
        what = chosen.parent.name
    else:
        what = t("reason.and", lang).join(
            asset_type_name(d.asset_types[x], lang) for x in dict.fromkeys(chosen.types))
    title = t("qr.title", lang, name=what)
    groups: dict[str, dict[str, bytes]] = {}
    if args.format in ("svg", "all"):
        groups["svg"] = {f"svg/{x.asset.id}.svg": label_svg(x, lang).encode("utf-8")
                         for x in labels}
    html = sheet_html(labels, lang, title)
    if args.format in ("html", "all"):
        groups["html"] = {"labels.html": html.encode("utf-8")}
    if args.format == "pdf":
        pdf = _print_pdf(html)
        if isinstance(pdf, str):
            return fail([pdf])
        groups["pdf"] = {"labels.pdf": pdf}
    try:
        for group, files in groups.items():
            write_owned(args.out, files, command="labels", group=group)
    except OutputError as exc:
        return fail([exc.message], exc.code)
    n = len(labels)
    wrote = ", ".join(sorted({"svg": f"{n} SVG file{'s' if n != 1 else ''} in svg/",
                              "html": "the A4 sheet labels.html",
                              "pdf": "labels.pdf"}[g] for g in groups))
    print(f"remit labels: {n} label{'s' if n != 1 else ''}: wrote {wrote} to {args.out}",
          file=sys.stderr)
    rule = "--matter" if matter else "the first matter of each asset type"
    print(f"remit labels: the codes open {labels[0].url} and so on ({rule}); print at 100%",
          file=sys.stderr)
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from pathlib import Path

    from generator.mkdocs_edge.init_project import InitError, init

    folder = Path(args.folder)
    try:
        done = init(folder, site_url=args.site_url, repo_url=args.repo_url,
                    branch=args.branch, title=args.title, language=args.language or "zh",
                    requirement=args.remit_requirement, forge=args.forge)
    except InitError as exc:
        print(f"remit init: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:
        print(f"remit init: cannot write in {folder}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    for note in done.notes:
        print(f"remit init: note: {note}", file=sys.stderr)
    if done.created:
        print(f"remit init: created {len(done.created)} files in {folder}: "
              + ", ".join(done.created), file=sys.stderr)
        print("remit init: next: remit check && remit serve; then commit, push and publish "
              "(docs/publishing.md: on GitHub set Settings > Pages > Source to \"GitHub "
              "Actions\" first)", file=sys.stderr)
    elif done.changes:
        for change in done.changes:
            print(f"remit init: {folder / 'mkdocs.yml'}: {change}", file=sys.stderr)
    else:
        print(f"remit init: {folder / 'mkdocs.yml'} already says so; nothing changed",
              file=sys.stderr)
    return EXIT_OK


def _case_today(args: argparse.Namespace) -> datetime.date | None:
    """``--today``, else $REMIT_TODAY (for tests and scripts), else today; None after a
    usage error was printed."""
    import datetime
    import os

    if args.today is not None:
        return args.today  # type: ignore[no-any-return]
    env = os.environ.get("REMIT_TODAY")
    if env:
        try:
            return _date_arg(env)
        except argparse.ArgumentTypeError as exc:
            print(f"remit case: REMIT_TODAY: {exc}", file=sys.stderr)
            return None
    return datetime.date.today()


def _case_done(w: Any, verb: str) -> int:
    """Print a ``remit case`` result and write it when clean."""
    from generator.edit.case_record import write_case

    if w.problems:
        sys.stderr.write(format_diagnostics(w.problems, "text") + "\n")
    if not w.ok:
        print("remit case: nothing written; fix the problems above and run it again",
              file=sys.stderr)
        return EXIT_PROBLEMS
    try:
        write_case(w)
    except FileExistsError:
        print(f"remit case: nothing written: a file {w.case_id}.yaml appeared meanwhile; "
              "give another --id", file=sys.stderr)
        return EXIT_PROBLEMS
    names = ", ".join(sorted(os.path.relpath(p) for p in w.files))
    print(f"remit case: {verb} case {w.case_id} in {names}", file=sys.stderr)
    print(w.case_id)
    return EXIT_OK


def cmd_case_new(args: argparse.Namespace) -> int:
    from pathlib import Path

    from generator.edit.case_record import new_case, valid_case_id

    today = _case_today(args)
    if today is None:
        return EXIT_USAGE
    if args.id is not None and not valid_case_id(args.id):
        print(f"remit case new: --id '{args.id}' is not a case id (a-z, 0-9 and '-', e.g. "
              "c-2026-0007)", file=sys.stderr)
        return EXIT_USAGE
    if args.public and not args.requester:
        print("remit case new: --public names the requester on the public site; give "
              "--requester NAME too", file=sys.stderr)
        return EXIT_USAGE
    if not os.path.exists(args.registry):
        print(f"remit case new: no registry at '{args.registry}' (use --registry DIR)",
              file=sys.stderr)
        return EXIT_USAGE
    w = new_case(Path(args.registry), matter=args.matter, received=args.received or today,
                 asset=args.asset, place=args.place, title=args.title,
                 requester=args.requester, requester_kind=args.requester_kind,
                 public=args.public, contact=args.contact, at=args.at, case_id=args.id)
    return _case_done(w, "recorded")


def cmd_case_event(args: argparse.Namespace) -> int:
    from pathlib import Path

    from generator.edit.case_record import add_event

    today = _case_today(args)
    if today is None:
        return EXIT_USAGE
    if not os.path.exists(args.registry):
        print(f"remit case event: no registry at '{args.registry}' (use --registry DIR)",
              file=sys.stderr)
        return EXIT_USAGE
    w = add_event(Path(args.registry), args.case, type=args.type, date=args.date or today,
                  to=tuple(args.to or ()), by=args.by, level=args.level,
                  with_=tuple(args.with_ or ()), rating=args.rating, text=args.text,
                  internal=args.internal)
    return _case_done(w, "added a " + args.type + " event to")


def _lonlat_arg(text: str) -> tuple[float, float]:
    try:
        lon, lat = (float(x) for x in text.replace("，", ",").split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not LON,LAT (106.6259,26.6107)") \
            from None
    return lon, lat


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.model.schema import field_reference_markdown, schema_json

    _write(field_reference_markdown() if args.markdown else schema_json())
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    from pathlib import Path

    from generator.mkdocs_edge.render_out import render_to_dir
    from generator.publish.output_dir import OutputError

    config = Path(args.config)
    if not config.is_file():
        print(f"remit render: {config} not found (give the site's mkdocs.yml with -f)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        errors = render_to_dir(config, args.out, registry=args.registry, today=args.today,
                               internal=args.internal)
    except OutputError as exc:
        print(f"remit render: {exc.message}", file=sys.stderr)
        return exc.code
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return EXIT_PROBLEMS
    out = Path(args.out)
    staff = " (a staff build: internal contacts, not for publishing)" if args.internal else ""
    print(f"remit render: wrote {out}{staff}; build it with: mkdocs build -f "
          f"{out / 'mkdocs.yml'}", file=sys.stderr)
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """mkdocs build into a fresh folder next to the site, swapped in only on success."""
    import os
    import subprocess
    from pathlib import Path

    from generator.mkdocs_edge.render_out import read_project
    from generator.publish.output_dir import FreshSite, OutputError, refusal

    config = Path(args.config)
    if not config.is_file():
        print(f"remit build: {config} not found (give the site's mkdocs.yml with -f)",
              file=sys.stderr)
        return EXIT_USAGE
    project, problems = read_project(config)
    if project is None:
        sys.stderr.write("\n".join(problems) + "\n")
        return EXIT_PROBLEMS
    internal = bool(args.internal or project.opts.internal
                    or os.environ.get("REMIT_INTERNAL") == "1")
    if args.site_dir:
        site = Path(args.site_dir)
    elif internal:
        site = project.root / "site-internal"
    else:
        site = project.site_dir or project.root / "site"
    why = refusal(site, project.root, project.registry_dir, project.docs_dir,
                  command="build", internal=internal,
                  dedicated=[project.site_dir] if project.site_dir else [])
    if why:
        print(f"remit build: {why}", file=sys.stderr)
        return EXIT_USAGE
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if internal:
        env["REMIT_INTERNAL"] = "1"
    try:
        with FreshSite(site, internal=internal) as fresh:
            assert fresh.tmp is not None
            cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d",
                   str(fresh.tmp)]
            if args.strict:
                cmd.append("--strict")
            keep = (fresh.fd,) if fresh.fd is not None else ()
            rc = subprocess.call(cmd, env=env, pass_fds=keep)
            if rc != 0:
                print(f"remit build: the build failed; {fresh.site} is unchanged",
                      file=sys.stderr)
                return EXIT_PROBLEMS
            fresh.publish()
    except OutputError as exc:
        print(f"remit build: {exc.message}", file=sys.stderr)
        return exc.code
    staff = " (a staff build: internal contacts, not for publishing)" if internal else ""
    print(f"remit build: site written to {fresh.site}{staff}", file=sys.stderr)
    return EXIT_OK


SERVE_GRACE_SECONDS = 5.0
"""How long ``remit serve`` lets mkdocs stop after a signal before killing it."""


def cmd_serve(args: argparse.Namespace) -> int:
    """Run ``mkdocs serve`` (:mod:`generator.mkdocs_edge.serve`: a failed rebuild shown on
    the pages) as a child in a process group of its own, and make it die with
    this process: SIGTERM, SIGINT and SIGHUP are passed on to the group (killed outright
    if it has not stopped :data:`SERVE_GRACE_SECONDS` later), and on every way out (a
    signal, an exception, the child ending) whatever is left of the group is killed. The
    exit code is mkdocs' (128 + N when a signal N ended it)."""
    import contextlib
    import os
    import signal
    import subprocess
    import time

    cmd = [sys.executable, "-m", "generator.mkdocs_edge.serve", "-f", args.config,
           "-a", args.dev_addr]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    posix = os.name == "posix"
    names = [s for s in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, s)]
    child: subprocess.Popen[bytes] | None = None
    stopping: list[float] = []  # when the first signal came
    pending: list[int] = []  # signals that came before the child was started

    def to_group(signum: int) -> None:
        if child is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            if posix:
                os.killpg(child.pid, signum)
            else:
                child.send_signal(signum)

    def forward(signum: int, _frame: object) -> None:
        stopping.append(time.monotonic())
        if child is None:
            pending.append(signum)
        to_group(signum)

    old = {name: signal.signal(getattr(signal, name), forward) for name in names}
    try:
        child = subprocess.Popen(cmd, env=env, start_new_session=posix)
        for signum in pending:
            to_group(signum)
        while True:
            try:
                code = child.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stopping and time.monotonic() - stopping[0] > SERVE_GRACE_SECONDS:
                    to_group(signal.SIGKILL if posix else signal.SIGTERM)
        return 128 - code if code < 0 else code
    finally:
        for name, handler in old.items():
            signal.signal(getattr(signal, name), handler)
        if child is not None:
            if posix:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(child.pid, signal.SIGKILL)  # whatever of the group is left
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)


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
    c.add_argument("--strict", action="store_true",
                   help="treat warnings and open responsibility gaps as errors (exit 1); "
                   "accepted gaps never count")
    c.add_argument("--lang", choices=LANGUAGES, default=None,
                   help="language of the responsibility-gap messages (default: "
                   "site.language); validation messages are English")
    c.add_argument("--no-gaps", action="store_true",
                   help="validate only: leave out the responsibility gaps (a pull request's "
                   "review lists the ones it causes with remit diff --format github)")
    _gap_options(c)
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("report", help="list the responsibility gaps (text, JSON or CSV)",
                       description="List every responsibility-gap finding grouped by kind, "
                       "with the registry line to fix; accepted gaps are listed with their "
                       "reason. CSV is one row per finding (or per asset with --expand) for "
                       "a spreadsheet. Exit 0, 1 when the registry has errors, 2 on a usage "
                       "error.")
    r.add_argument("path", nargs="?", default=DEFAULT_PATH,
                   help="registry folder or its departments.yaml (default: directory)")
    r.add_argument("--format", choices=("text", "json", "csv"), default="text",
                   help="text (default), json, or csv")
    r.add_argument("--lang", choices=LANGUAGES,
                   help="language of titles and messages (default: site.language)")
    r.add_argument("--expand", action="store_true",
                   help="one row per asset for findings that group many assets")
    r.add_argument("--bom", action="store_true",
                   help="start CSV output with a UTF-8 byte order mark, as every CSV remit "
                   "writes does (the default; kept for scripts that pass it)")
    r.add_argument("--no-bom", action="store_true",
                   help="leave the byte order mark out of CSV output (for programs that do "
                   "not expect one)")
    _gap_options(r)
    r.set_defaults(func=cmd_report)

    e = sub.add_parser("export", help="write the open data exports (JSON, CSV, GeoJSON...)",
                       description="Write the public registry in an open format: json (the "
                       "full normalised registry), csv (one table per kind of entity), geojson "
                       "(assets with a geometry), schema (the JSON Schema), open311 (GeoReport "
                       "v2 services.json, service definitions and the cases as "
                       "requests.json), popolo (organisations and contact points), or all. "
                       "Internal contacts and the cases' internal parts are never exported; the "
                       "same registry gives the same bytes. Exit 0, 1 when the registry has "
                       "errors, 2 on a usage error.")
    e.add_argument("path", nargs="?", default=DEFAULT_PATH,
                   help="registry folder or its departments.yaml (default: directory)")
    e.add_argument("--format", required=True,
                   choices=("json", "csv", "geojson", "schema", "open311", "popolo", "xlsx",
                            "all"),
                   help="which export to write (xlsx: the spreadsheet workbook for editing, "
                   "read back by remit import; all: every open data format)")
    e.add_argument("--out", metavar="DIR",
                   help="write the files into DIR (default: the one file to standard output)")
    e.add_argument("--kind", metavar="KIND",
                   choices=("departments", "responsibilities", "contacts", "asset_types",
                            "assets", "duties", "handovers", "boundaries", "matters",
                            "escalation", "disputes", "cases"),
                   help="with --format csv and no --out: the table to print")
    e.add_argument("--internal", action="store_true",
                   help="with --format xlsx: the staff workbook, internal contacts included "
                   "and marked (not for handing out); remit import then also edits and "
                   "deletes internal contacts")
    e.set_defaults(func=cmd_export)

    im = sub.add_parser("import", help="merge an edited workbook (or one CSV sheet) into "
                        "the registry",
                        description="Read departments, contacts, matters, assets and "
                        "handovers from a workbook written by remit export --format xlsx (or "
                        "one CSV file of one sheet) and merge them into the registry's YAML "
                        "files: only entries whose rows changed are rewritten, comments and "
                        "key order are kept. The result is checked like remit check; every "
                        "problem is shown at its cell (file.xlsx:Sheet!C12) and then nothing "
                        "is written. Exit 0, 1 on problems, 2 on a usage error.")
    im.add_argument("file", metavar="FILE", help="the workbook (.xlsx) or CSV file")
    im.add_argument("--registry", default=DEFAULT_PATH, metavar="DIR",
                    help="registry folder or its departments.yaml (default: directory)")
    im.add_argument("--format", choices=("text", "json", "github"), default="text",
                    help="how problems are printed: text (default), json or github")
    im.add_argument("--dry-run", action="store_true",
                    help="check and say what would change, write nothing")
    im.set_defaults(func=cmd_import)

    g = sub.add_parser("diff", help="say in words what changed between two registries",
                       description="Compare two registries and report, grouped by entity, "
                       "what changed: departments added, removed or renamed, contacts, "
                       "ownership and duties, handover status with dates, matter routing and "
                       "escalation; an added or removed entity in full (duties and holders, "
                       "handover and interim body, who answers which matter on it). Then the "
                       "responsibility gaps the change causes and resolves (not the standing "
                       "ones). OLD and NEW are registry folders or git revisions (main, "
                       "HEAD~3, a commit id; the registry folder is --registry inside it; "
                       "REV:PATH names another folder from the repository root). Exit 0, 1 "
                       "when NEW holds no registry, 2 on a usage error.")
    g.add_argument("old", metavar="OLD", help="registry folder or git revision")
    g.add_argument("new", metavar="NEW", nargs="?", default=DEFAULT_PATH,
                   help="registry folder or git revision (default: directory)")
    g.add_argument("--format", choices=("text", "markdown", "json", "github"), default="text",
                   help="text (default), markdown (for a pull-request comment), json, or "
                   "github (annotations for the responsibility gaps the change caused or "
                   "resolved, and nothing else)")
    g.add_argument("--lang", choices=LANGUAGES,
                   help="language of the report (default: the new registry's site.language)")
    g.add_argument("--registry", default=DEFAULT_PATH, metavar="DIR",
                   help="the registry folder inside a git revision (default: directory)")
    g.add_argument("--public", action="store_true",
                   help="leave internal contacts out, as the public site does")
    g.add_argument("--today", type=_date_arg, metavar="DATE",
                   help="check both sides' gaps as on this date (default: today)")
    g.add_argument("--no-gaps", action="store_true",
                   help="leave out the responsibility gaps the change causes or resolves")
    g.add_argument("--source-url", metavar="URL",
                   help="with --format markdown: link each new gap to its line under URL "
                   "(the files at the pull request's head, e.g. "
                   "https://github.com/OWNER/REPO/blob/SHA)")
    g.set_defaults(func=cmd_diff)

    site_help = "the site's mkdocs.yml (default: mkdocs.yml)"
    rn = sub.add_parser("render", help="write the site as plain Markdown for any engine",
                        description="Write the hand-written articles plus every generated "
                        "page as plain Markdown into DIR, with a mkdocs.yml that needs no remit "
                        "plugin (for engines that run no third-party plugins): then "
                        "`mkdocs build -f DIR/mkdocs.yml`. Exit 0, 1 when the registry has "
                        "errors, 2 on a usage error.")
    rn.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    rn.add_argument("-f", "--config", default="mkdocs.yml", help=site_help)
    rn.add_argument("--registry", metavar="DIR",
                    help="registry folder (default: the plugin's registry option, directory)")
    rn.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                    help="judge handovers as of this date (default: today)")
    rn.add_argument("--internal", action="store_true",
                    help="the staff site: internal contacts shown, every page marked internal "
                    "(not for publishing)")
    rn.set_defaults(func=cmd_render)

    b = sub.add_parser("build", help="build the site; a failed build publishes nothing",
                       description="Run mkdocs build into a fresh folder and swap it in only "
                       "when the build succeeded, so a failed build leaves the previous site "
                       "untouched. Exit 0, 1 when the build failed, 2 on a usage error.")
    b.add_argument("-f", "--config", default="mkdocs.yml", help=site_help)
    b.add_argument("-d", "--site-dir", metavar="DIR", help="where the site goes (default: "
                   "mkdocs.yml's site_dir, else site next to mkdocs.yml; site-internal with "
                   "--internal)")
    b.add_argument("--strict", action="store_true",
                   help="fail on warnings, including open responsibility gaps")
    b.add_argument("--internal", action="store_true",
                   help="the staff site: internal contacts shown, every page marked internal "
                   "(not for publishing); goes to site-internal next to mkdocs.yml")
    b.set_defaults(func=cmd_build)

    sv = sub.add_parser("serve", help="preview the site, rebuilt when the registry changes",
                        description="Run mkdocs serve: the site on http://127.0.0.1:8000/, "
                        "rebuilt whenever a file under the registry folder or content/ "
                        "changes.")
    sv.add_argument("-f", "--config", default="mkdocs.yml", help=site_help)
    sv.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                    help="address to serve on (default: 127.0.0.1:8000)")
    sv.set_defaults(func=cmd_serve)

    lk = sub.add_parser("lookup", help="who answers this request on this asset, and why",
                        description="Answer who is responsible for a request (MATTER) on an "
                        "asset: the department, its public contacts, the time limit, the "
                        "escalation ladder and the reasons, step by step. MATTER and --asset "
                        "take an id, a name, an alias, a keyword or words of the location, in "
                        "Chinese or English; a word that fits several entries lists them. Exit "
                        "0 answered, 1 not found or ambiguous (or registry errors), 2 on a "
                        "usage error.")
    lk.add_argument("matter", metavar="MATTER", help="what is wrong: 路灯不亮, streetlight-out")
    lk.add_argument("--asset", metavar="ASSET", help="where: an asset id, name, alias or "
                    "location words (D3路, road-d3)")
    lk.add_argument("--at", metavar="LON,LAT", help="where, as WGS84 coordinates "
                    "(106.6258,26.6147): the nearest asset of the matter's types answers, "
                    "with a warning when another body's asset is about as near")
    lk.add_argument("--radius", metavar="M", help="how far --at looks, in metres "
                    "(default: 150, at most 2000)")
    lk.add_argument("--format", choices=("text", "json"), default="text",
                    help="text (default, to read out) or json")
    lk.add_argument("--lang", choices=LANGUAGES,
                    help="language of the answer (default: site.language)")
    lk.add_argument("--registry", default=DEFAULT_PATH, metavar="DIR",
                    help="registry folder or its departments.yaml (default: directory)")
    lk.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                    help="judge handovers as of this date (default: the date of --now)")
    lk.add_argument("--now", type=_datetime_arg, metavar="YYYY-MM-DDTHH:MM",
                    help="say who is open at this local time (default: now)")
    lk.add_argument("--base-url", metavar="URL", help="the site's address "
                    "(https://your.site/): the JSON's report and correction messages then "
                    "carry the answer's address on its lookup page")
    lk.set_defaults(func=cmd_lookup)

    la = sub.add_parser("labels", help="print QR code labels for poles, boxes and covers",
                        description="Write QR code stickers for assets in the field: one "
                        "50 x 70 mm label per asset of the chosen types and/or part of the "
                        "chosen asset, each code opening the site's lookup page with the asset "
                        "and its most common matter filled in "
                        "(<base>lookup/?a=ASSET&m=MATTER), the id and name printed under it. "
                        "Writes one SVG per label (svg/ID.svg) and an A4 sheet of 12 "
                        "(labels.html, print at 100%%); --format pdf prints the sheet with "
                        "Chromium. Exit 0, 1 when the registry has errors or nothing matches, "
                        "2 on a usage error.")
    la.add_argument("path", nargs="?", default=DEFAULT_PATH,
                    help="registry folder or its departments.yaml (default: directory)")
    la.add_argument("--type", action="append", metavar="TYPE",
                    help="label the assets of this type (repeatable): street-lamp, meter...")
    la.add_argument("--parent", metavar="ASSET",
                    help="label this asset and everything part of it (with --type: only "
                    "those of the types)")
    la.add_argument("--matter", metavar="MATTER",
                    help="the matter every code opens (default: each asset type's first "
                    "matter in the registry)")
    la.add_argument("--base-url", metavar="URL",
                    help="the site's address the codes open (default: site_url of "
                    "mkdocs.yml)")
    la.add_argument("-f", "--config", default="mkdocs.yml", help=site_help +
                    ", read for site_url and use_directory_urls")
    la.add_argument("--format", choices=("all", "svg", "html", "pdf"), default="all",
                    help="svg (one file per label), html (the A4 sheet), pdf (the sheet "
                    "printed by Chromium) or all (default: svg and html)")
    la.add_argument("--lang", choices=LANGUAGES,
                    help="language of the sheet (default: site.language)")
    la.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    la.set_defaults(func=cmd_labels)

    it = sub.add_parser("init", help="start a new remit project, or set its published "
                        "addresses", description="In a folder without mkdocs.yml: create a "
                        "remit project (mkdocs.yml with the addresses and the remit plugin, a "
                        "starter registry in directory/ that passes remit check, content/, "
                        "the GitHub workflows, .gitlab-ci.yml, requirements.txt); no file is "
                        "ever overwritten. In a folder with mkdocs.yml: set its site_url, "
                        "repo_url, repo_name and edit_uri, keeping every comment. The "
                        "repository defaults to `git remote get-url origin`. Exit 0, 2 on a "
                        "usage error or a file in the way (nothing written).")
    it.add_argument("folder", metavar="DIR", nargs="?", default=".",
                    help="the project folder (default: the current folder)")
    it.add_argument("--site-url", metavar="URL",
                    help="where the site is published (https://park.example.org/)")
    it.add_argument("--repo-url", metavar="URL", help="the repository's web address, for "
                    "the edit links (default: from git remote origin)")
    it.add_argument("--branch", metavar="NAME", help="the branch the edit links open "
                    "(default: the current branch, else main)")
    it.add_argument("--forge", choices=("github", "gitlab", "gitee", "gitea"),
                    help="the kind of repository host, for the form of the edit links "
                    "(default: from the host name; GitHub's form when unknown)")
    it.add_argument("--title", metavar="TEXT", help="the site's title (new project only)")
    it.add_argument("--language", choices=LANGUAGES, help="the site's language (new project "
                    "only; default: zh)")
    it.add_argument("--remit-requirement", metavar="SPEC", help="the requirements.txt line "
                    "CI installs remit with (new project only; default: the git commit this "
                    "remit was installed from)")
    it.set_defaults(func=cmd_init)

    _case_parsers(sub)

    s = sub.add_parser("schema", help="print the registry's JSON Schema",
                       description="Print the JSON Schema of the registry, generated from the "
                       "model, for editors (YAML language server) and other tools.")
    s.add_argument("--markdown", action="store_true",
                   help="print the field reference tables (docs/registry.md) instead")
    s.set_defaults(func=cmd_schema)
    return p


def _case_parsers(sub: Any) -> None:
    from generator.model import CASE_EVENT_TYPES, CASE_RATINGS, REQUESTER_KINDS

    cs = sub.add_parser("case", help="record a case (a request that came in) or what "
                        "happened to it",
                        description="Record cases as staff do: remit case new writes "
                        "cases/<id>.yaml with its received event; remit case event appends "
                        "an event to a case's file, keeping its comments. The result is "
                        "checked like remit check before anything is written; on any problem "
                        "nothing is written. Exit 0, 1 on problems, 2 on a usage error.")
    csub = cs.add_subparsers(dest="case_command", metavar="new|event", parser_class=_Parser)
    csub.required = True

    def common(c: argparse.ArgumentParser) -> None:
        c.add_argument("--registry", default=DEFAULT_PATH, metavar="DIR",
                       help="registry folder or its departments.yaml (default: directory)")
        c.add_argument("--today", type=_date_arg, metavar="YYYY-MM-DD",
                       help="the date to use when none is given (default: $REMIT_TODAY, "
                       "else today)")

    n = csub.add_parser("new", help="record a new case: writes cases/<id>.yaml",
                        description="Write cases/<id>.yaml (id c-YYYY-NNNN, the next free "
                        "number of the year received, unless --id) holding the case and its "
                        "received event, by the matter's first contact. Prints the id.")
    n.add_argument("--matter", required=True, metavar="M", help="the matter's id")
    n.add_argument("--asset", metavar="A", help="the asset's id")
    n.add_argument("--place", metavar="TEXT", help="where, in words")
    n.add_argument("--at", type=_lonlat_arg, metavar="LON,LAT",
                   help="where, as longitude,latitude")
    n.add_argument("--title", metavar="T", help="the request in one line (default: the "
                   "asset's and the matter's names)")
    n.add_argument("--requester", metavar="NAME", help="who raised it (never shown in "
                   "public unless --public)")
    n.add_argument("--requester-kind", choices=REQUESTER_KINDS, default="company",
                   help="company (default), person or organisation")
    n.add_argument("--contact", metavar="TEXT", help="how to reach the requester (never "
                   "public)")
    n.add_argument("--public", action="store_true",
                   help="the requester agreed to be named on the public site")
    n.add_argument("--received", type=_date_arg, metavar="DATE",
                   help="when it came in (default: today)")
    n.add_argument("--id", metavar="ID", help="the case's id (default: the next free "
                   "c-YYYY-NNNN)")
    common(n)
    n.set_defaults(func=cmd_case_new)

    ev = csub.add_parser("event", help="add what happened to a case",
                         description="Append one event to the case's events in its own "
                         "file. Events come in date order: an event dated before the last "
                         "one is refused.")
    ev.add_argument("case", metavar="ID", help="the case's id")
    ev.add_argument("--type", required=True, choices=CASE_EVENT_TYPES,
                    help="what happened")
    ev.add_argument("--to", nargs="+", action="extend", metavar="D",
                    help="forwarded or escalated to (department ids)")
    ev.add_argument("--by", metavar="D", help="the department that did it")
    ev.add_argument("--level", type=int, metavar="N",
                    help="escalated: the level of the matter's escalation path reached")
    ev.add_argument("--with", dest="with_", nargs="+", action="extend", metavar="D",
                    help="consultation: the departments taking part")
    ev.add_argument("--rating", choices=CASE_RATINGS, help="feedback: the requester's "
                    "verdict")
    ev.add_argument("--text", metavar="T", help="what was done or said")
    ev.add_argument("--internal", action="store_true",
                    help="staff only: the event stays out of the public site and the data")
    ev.add_argument("--date", type=_date_arg, metavar="DATE",
                    help="when it happened (default: today)")
    common(ev)
    ev.set_defaults(func=cmd_case_event)


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
