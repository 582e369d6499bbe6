"""The `assembly` command: build | check | new | serve."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import ContentError, Problems, UsageError, for_terminal, print_problems, problems_as_json
from generator.themes import InstallationError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date written year-month-day, such as 2026-01-31") from None


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assembly",
        description="Publish accessible websites for citizens' assemblies. Run it in the folder that holds "
                    "site_config.yml.")
    parser.add_argument("--root", type=Path, default=Path("."), help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"assembly-site {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = sub.add_parser("build", help="build the website of every (or the named) assembly into site/")
    build.add_argument("assemblies", nargs="*", metavar="ASSEMBLY")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: site)")
    build.add_argument("--drafts", action="store_true", help="include entities marked draft: true")
    build.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                       help="treat DATE as today for publish_on embargoes")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--force", action="store_true",
                       help="build even when nothing has changed since the last build")
    build.add_argument("--portal-only", action="store_true",
                       help="build no assembly; make the list of assemblies (index.html) again from the "
                            "folders already in the output, after building them separately")
    build.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="build up to N assemblies at once (default: one per processor)")
    build.add_argument("--editor", action="store_true",
                       help="also publish the browser editor at ASSEMBLY/admin/, saving to the Git repository "
                            "named in site_config.yml's editor: block")

    check = sub.add_parser("check", help="check the content for mistakes without building")
    check.add_argument("assemblies", nargs="*", metavar="ASSEMBLY")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--drafts", action="store_true", help="check drafts as if published")
    check.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                       help="treat DATE as today for publish_on embargoes")
    check.add_argument("--format", choices=["text", "json"], default="text",
                       help="json prints machine-readable records (for CI annotations) on standard output")

    new = sub.add_parser("new", help="start a new assembly folder with example files to edit")
    new.add_argument("slug", metavar="ASSEMBLY", help="the folder name, e.g. riverside-climate (a-z, 0-9, -)")
    new.add_argument("--ci", choices=["github", "gitlab"], default=None,
                     help="also write a pipeline that checks, builds and publishes the site on every push "
                          "(.github/workflows/publish.yml or .gitlab-ci.yml)")

    archive = sub.add_parser("archive", help="make a preservation package (BagIt zip) of an assembly, "
                             "or check one with --verify")
    archive.add_argument("slug", nargs="?", metavar="ASSEMBLY")
    archive.add_argument("--out", type=Path, default=None, metavar="FILE",
                         help="the zip to write (default: ASSEMBLY-preservation.zip)")
    archive.add_argument("--verify", type=Path, default=None, metavar="FILE",
                         help="check every checksum of a package in full")
    archive.add_argument("--warc", action="store_true",
                         help="also crawl the site on this computer and write FILE.warc.gz for web archives")

    export = sub.add_parser("export", help="write responses and progress to a spreadsheet (FILE.csv, or FILE.xlsx "
                                           "for an Excel workbook)")
    export.add_argument("slug", metavar="ASSEMBLY")
    export.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")

    importer = sub.add_parser("import", help="apply an edited spreadsheet (CSV or .xlsx) back to the content files")
    importer.add_argument("slug", metavar="ASSEMBLY")
    importer.add_argument("file", type=Path, metavar="FILE.csv|FILE.xlsx")
    importer.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    importer.add_argument("--force", action="store_true",
                          help="import a spreadsheet exported before a response file was changed: only the cells "
                               "edited in it are applied, and changes made since to other fields are kept")
    importer.add_argument("--repair-encoding", action="store_true",
                          help="read cells garbled by opening the CSV with the wrong character set (cafÃ© for café) "
                               "as they were meant")

    serve = sub.add_parser("serve", help="preview an assembly on this computer; rebuilds when a file is saved; "
                                  "edit it in your browser at /admin/")
    serve.add_argument("slug", metavar="ASSEMBLY")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--drafts", action="store_true", help="include entities marked draft: true")
    serve.add_argument("--as-of", type=_date, default=None, metavar="DATE",
                       help="preview the site as it will be on DATE (embargoes)")

    anchors = sub.add_parser("anchors", help="bring the record of the report's paragraph links "
                             "(report/anchors.json) up to date after the report was corrected")
    anchors.add_argument("assemblies", nargs="*", metavar="ASSEMBLY")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        if args.command == "build":
            return _build(root, args)
        if args.command == "check":
            return _check(root, args)
        if args.command == "new":
            from generator.project import check_ci_target, write_ci, write_project_files
            from generator.starter import create_assembly
            fresh = not (root / "site_config.yml").exists()
            if args.ci:
                check_ci_target(root, args.ci)
            folder = create_assembly(root, args.slug)
            rel = folder.relative_to(root) if folder.is_relative_to(root) else folder
            if fresh:
                written = [p.name for p in write_project_files(root, args.slug)]
                print("Created a project: site_config.yml (settings for every assembly)"
                      + "".join(f", {name}" for name in written) + ".")
            if args.ci:
                pipeline = write_ci(root, args.ci)
                print(f"Created {pipeline.relative_to(root).as_posix()}: on every push it checks the content, builds "
                      "the site and publishes it (see the comments at its top).")
            print(f"Created {rel}, a starter assembly that already builds. Next:\n"
                  f"  1. Edit {rel}/assembly.yml: the title, the question and the dates.\n"
                  f"  2. Preview while you edit: assembly serve {args.slug}\n"
                  f"  3. Publish: assembly build {args.slug}, then copy site/{args.slug}/ to your web server.")
            return EXIT_OK
        if args.command == "export":
            from generator.pipeline import _assembly_names, export_spreadsheet
            from generator.write.output_guard import check_export_file
            _assembly_names(root, [args.slug])
            check_export_file(args.file, root, args.slug)
            rows = export_spreadsheet(root, args.slug, args.file)
            print(f"Wrote {args.file} ({rows} rows). Edit position, dates, status, percent or notes; add a row "
                  f"for a new progress update; then: assembly import {args.slug} {args.file} --dry-run")
            return EXIT_OK
        if args.command == "import":
            from generator.pipeline import _assembly_names, import_spreadsheet
            _assembly_names(root, [args.slug])
            if not args.file.is_file():
                raise UsageError(f"{args.file} does not exist")
            changes, shown = import_spreadsheet(root, args.slug, args.file, args.dry_run, args.force,
                                               args.repair_encoding)
            if shown:
                print("\n".join(for_terminal(line) for line in shown.split("\n")))
            verb = "would change" if args.dry_run else "changed"
            print(f"{len(changes)} file{'s' if len(changes) != 1 else ''} {verb}."
                  + (" Run again without --dry-run to apply." if args.dry_run and changes else ""))
            return EXIT_OK
        if args.command == "archive":
            return _archive(root, args)
        if args.command == "serve":
            from generator.pipeline import _assembly_names
            from generator.serve import serve
            _assembly_names(root, [args.slug])
            return serve(root, args.slug, args.port, drafts=args.drafts, as_of=args.as_of)
        if args.command == "anchors":
            from generator.pipeline import update_anchors
            for path, paragraphs, changed in update_anchors(root, args.assemblies or None):
                print(f"{'Updated' if changed else 'Up to date:'} {path} ({paragraphs} paragraphs)."
                      + (" Keep it with the content (commit it)." if changed else ""))
            return EXIT_OK
    except UsageError as exc:
        print(f"assembly: error: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as exc:
        print_problems(exc.problems, root=root)
        if not exc.problems.errors:  # only --strict stops for warnings
            print("With --strict, warnings count as errors: fix the warnings above.", file=sys.stderr)
        print("Nothing was published: fix the errors above and run the command again.", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - no traceback ever reaches an officer
        return _unexpected(exc)
    return EXIT_USAGE  # pragma: no cover


def _unexpected(exc: Exception) -> int:
    from generator.write.staging import OutputBusy

    if isinstance(exc, OutputBusy):
        print(f"assembly: error: {exc}", file=sys.stderr)
    elif isinstance(exc, OSError | InstallationError):
        print(f"assembly: error: {os_error_message(exc)}", file=sys.stderr)
    else:
        print(f"assembly: internal error: {type(exc).__name__}: {exc}\nThis is a fault in the tool, not in "
              "your content. Nothing was published. Run again with ASSEMBLY_DEBUG=1 to see the details and "
              "report them.", file=sys.stderr)
        if os.environ.get("ASSEMBLY_DEBUG"):
            import traceback
            traceback.print_exception(exc)
    return EXIT_CONTENT


def os_error_message(exc: OSError | InstallationError) -> str:
    """What went wrong, said as what it is: never a guess at a cause the error does not name."""
    import errno

    import jinja2

    from generator.themes import REINSTALL, packaged_theme

    if isinstance(exc, InstallationError):
        return f"{exc}. Nothing was published."
    if isinstance(exc, jinja2.TemplateNotFound):
        name = exc.name or str(exc)
        try:
            ours = any(packaged_theme().rglob(Path(name).name))
        except InstallationError as missing:
            return f"{missing}. Nothing was published."
        if ours:  # pragma: no cover - only with a broken installation
            return (f"the template {name} of the tool's theme cannot be read: the installation is damaged. "
                    f"Reinstall it with: {REINSTALL}. Nothing was published.")
        return (f"the template {name} does not exist: a template in your project's theme/ folder names it, or "
                f"the tool's installation is incomplete (then reinstall it with: {REINSTALL}). Nothing was "
                "published.")
    where = exc.filename or "a file"
    folder = Path(exc.filename).parent if exc.filename else None
    tool = Path(__file__).resolve().parent
    if isinstance(exc, FileNotFoundError) and exc.filename and Path(exc.filename).resolve().is_relative_to(tool):
        return (f"{where}, a file of the tool itself, is missing: the installation is incomplete. Reinstall it "
                f"with: {REINSTALL}. Nothing was published.")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk is full (writing {where}): nothing was published. Free some space on that disk, or "
                "choose a folder on another disk with --out.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (f"permission denied for {where}: you may not read or write in the folder {folder or '.'}. Ask "
                "for access to it, or choose a folder you can write to with --out. Nothing was published.")
    if exc.errno == errno.EROFS:
        return (f"{where} is on a read-only disk: choose a folder you can write to with --out. Nothing was "
                "published.")
    return f"{exc.strerror or exc} ({where}). Nothing was published."


def _strict(problems: Problems, strict: bool) -> bool:
    return bool(problems.errors) or (strict and bool(problems.warnings))


def _build(root: Path, args: argparse.Namespace) -> int:
    from generator import buildcache
    from generator.write.output_guard import check_output_folder

    out = args.out if args.out is not None else root / "site"
    as_of = buildcache.today_for_build(args.as_of, root)
    if args.portal_only and args.assemblies:
        raise UsageError("--portal-only builds no assembly: leave out the assembly names")
    if args.portal_only and args.editor:
        raise UsageError("--portal-only builds no assembly, so it publishes no editor: leave out --editor")
    check_output_folder(out, root, shown=str(args.out) if args.out is not None else "site")
    key = buildcache.options_key(args.drafts, as_of) | {"portal_only": args.portal_only, "editor": args.editor}
    digest = buildcache.input_digest(root, args.assemblies or None, key)
    record = None if args.force else buildcache.unchanged(root, out, digest)
    if record is not None and not (args.strict and record.problems):
        problems = buildcache.replay(record)
        print_problems(problems, root=root)
        count = len(record.assemblies)
        print(f"Nothing has changed since the last build of {count} assembl{'y' if count == 1 else 'ies'} "
              f"({record.pages} pages): {out} is up to date. Open {(out / 'index.html').resolve()} in a browser "
              "(--force builds again anyway).")
        return EXIT_OK

    from generator.pipeline import _assembly_names, build
    from generator.validate.corpus import Options

    _assembly_names(root, args.assemblies or None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    with Progress(TextColumn("Building {task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("assemblies", total=None)

        def advance(slug: str, done: int, total: int) -> None:
            bar.update(task, description=slug, completed=done, total=total)

        report = build(root, out, args.assemblies or None, Options(drafts=args.drafts, as_of=as_of, strict=args.strict,
                                                                editor=True if args.editor else None),
                       progress=advance, jobs=args.jobs, portal_only=args.portal_only)
    buildcache.remember(root, out, digest, report.problems, report.assemblies, report.pages)
    print_problems(report.problems, root=root)
    index = (out / "index.html").resolve()
    count, warnings = len(report.assemblies), len(report.problems.warnings)
    advice = f" with {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    print(f"Built {count} assembl{'y' if count == 1 else 'ies'} ({report.pages} pages) in {report.seconds:.1f} s"
          f"{advice}. Open {index} in a browser.")
    for note in report.notes:
        print(note)
    return EXIT_OK


def _archive(root: Path, args: argparse.Namespace) -> int:
    if args.verify:
        from generator.write.archive import verify_package

        if args.slug:
            raise UsageError("give either ASSEMBLY to make a package or --verify FILE to check one, not both")
        if not args.verify.is_file():
            raise UsageError(f"{args.verify} does not exist")
        result = verify_package(args.verify)
        for problem in result.problems:
            print(for_terminal(f"{args.verify}: error: {problem}"), file=sys.stderr)
        if not result.ok:
            print(f"The package is NOT valid: {len(result.problems)} problem(s).", file=sys.stderr)
            return EXIT_CONTENT
        print(f"The package is valid: every checksum of its {result.files} files matches.")
        return EXIT_OK
    if not args.slug:
        raise UsageError("name the assembly to package, for example: assembly archive riverside-town-centre")
    from generator.pipeline import _assembly_names, archive
    from generator.write.output_guard import check_archive_file

    _assembly_names(root, [args.slug])
    out = args.out or root / f"{args.slug}-preservation.zip"
    check_archive_file(out, root, args.slug, warc=args.warc)
    files, package = archive(root, args.slug, out)
    print(f"Wrote {package} ({files} files of the site and its sources, with checksums). Check it any time "
          f"with: assembly archive --verify {package}")
    if args.warc:
        from generator.write.warc import crawl_to_warc

        warc = package.with_name(package.name.removesuffix(".zip") + ".warc.gz")
        count = crawl_to_warc(package, args.slug, warc)
        print(f"Wrote {warc} ({count} responses crawled from the site).")
    return EXIT_OK


def _check(root: Path, args: argparse.Namespace) -> int:
    from generator.buildcache import today_for_build
    from generator.pipeline import load_and_validate
    from generator.validate.corpus import Options

    _, _, problems = load_and_validate(root, args.assemblies or None,
                                       Options(args.drafts, today_for_build(args.as_of, root)))
    if args.format == "json":
        print(problems_as_json(problems))
        return EXIT_CONTENT if _strict(problems, args.strict) else EXIT_OK
    print_problems(problems, root=root)
    if _strict(problems, args.strict):
        if not problems.errors:
            print("With --strict, warnings count as errors: fix the warnings above.", file=sys.stderr)
        return EXIT_CONTENT
    print("No errors found." if not problems else "No errors found; the warnings above are advice.", file=sys.stderr)
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    raise SystemExit(main())
