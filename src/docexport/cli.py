"""The ``docexport`` command line: parse options, call the API, map errors to exit codes.

Exit codes: 0 every input converted, 1 some inputs failed (each reported as
``path: reason`` on stderr, the rest still converted), 2 usage error.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import Any

import click

from docexport import __version__, generation_time
from docexport.engines import ENGINES
from docexport.errors import DocExportError, InternalError, UnknownFormatError, printable

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C: 128 + SIGINT, as shells report it."""
AUTO_POOL_MIN = 100
"""Without -j, smaller batches run in this process: starting and warming a pool of workers
costs more than it saves there (see benchmarks/bench_batch.py)."""
ENRICHERS = ("rules", "spacy")
"""``docexport.enrich.ENRICHERS``, repeated so that ``--help`` imports no enrichment code."""

_CONVERT_EPILOG = """\b
Examples:
  docexport convert article.txt --to newsml            # NewsML-G2 to stdout
  docexport convert article.txt --to docx -o brief.docx
  docexport convert article.txt -o out/                # into folder out/ (out/article.xml)
  docexport convert archive/ --to NewsML,ninjs -o out/ -j 4 --report run.json
  cat article.txt | docexport convert - --to json

\b
Outputs are written atomically and never overwrite a file that is not ours without --force.
Into a folder, a manifest (OUTDIR/.docexport-manifest.jsonl) records every output: a rerun
skips what is up to date, redoes what changed and finishes an interrupted batch.
Set SOURCE_DATE_EPOCH to stamp generated timestamps; otherwise the article date is used.
"""


_METADATA_HELP = {
    "provider": "Who supplies the items (your newsroom or agency), for what inputs leave unknown.",
    "rights-holder": "Copyright holder to state. Without it no copyright is claimed.",
    "rights-notice": "Copyright notice to print, e.g. '© 2024 Acme News Ltd'.",
    "usage-terms": "Terms of use for recipients, e.g. 'For internal use only'.",
    "credit-line": "Credit line, e.g. 'Acme News / Reuters'.",
}


def metadata_options(command: Any) -> Any:
    """``--provider``, ``--rights-holder``, … and ``--config``: what a newsroom states once.

    Resolved into ``params`` before the command runs: an option given on the command line
    wins over ``docexport.toml``; an input's own metadata wins over both.
    """
    for name, text in reversed(_METADATA_HELP.items()):
        command = click.option(f"--{name}", metavar="TEXT", default=None, help=text)(command)
    config_help = "Settings file (TOML). Default: ./docexport.toml if it exists."
    command = click.option(
        "--config", type=click.Path(path_type=Path, dir_okay=False), help=config_help
    )(command)
    return _with_config(command)


def _with_config(command: Any) -> Any:
    @functools.wraps(command)
    def wrapper(**params: Any) -> Any:
        from docexport.metadata import load_config, setting_problem  # noqa: PLC0415

        # Command-line values are checked here; the file's were checked as it was loaded.
        for name in _METADATA_HELP:
            key = name.replace("-", "_")
            if params[key] is None:
                continue
            if problem := setting_problem(params[key]):
                raise click.BadParameter(problem, param_hint=f"--{name}")
            params[key] = " ".join(params[key].split())
        try:
            config = load_config(params.pop("config"))
        except DocExportError as exc:
            raise click.UsageError(str(exc)) from None
        for key, value in config.items():
            if params.get(key) is None:
                params[key] = value
        return command(**params)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docexport")
def cli() -> None:
    """Turn news articles into NewsML-G2, JSON and other standard formats."""


@cli.command(epilog=_CONVERT_EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--to",
    "fmt",
    default="newsml",
    show_default=True,
    metavar="FORMAT",
    help="Output format(s), comma-separated, any case (newsml,ninjs,docx); "
    "`docexport formats` lists them.",
)
@click.option(
    "--from",
    "source_format",
    default=None,
    metavar="FORMAT",
    help="Input format for every input, any case (default: detected per file).",
)
@click.option(
    "-o",
    "--output",
    metavar="PATH",
    default=None,
    help="Output file (one input, one format) or directory (several; a trailing / always "
    "means a directory). Default, or -: standard output.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Convert every input again and overwrite existing output files, ours or not.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Worker processes. Default: the usable cores (batches under "
    f"{AUTO_POOL_MIN} inputs run in this process); -j 1: this process only.",
)
@click.option(
    "--engine",
    type=click.Choice(list(ENGINES)),
    default="local",
    show_default=True,
    help="Where the batch runs: local is this machine (-j workers); dask a Dask cluster "
    "(--scheduler, else a local one of -j workers; pip install 'docexport[dask]').",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="With --engine dask: the scheduler of a running cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also write the run report (counts per format, failures, timings) as JSON to FILE.",
)
@click.option(
    "--classification",
    default=None,
    metavar="TEXT",
    help="Handling marking for the banner of briefings (docx, pdf).  [default: UNCLASSIFIED]",
)
@click.option(
    "--page-size",
    type=click.Choice(["A4", "letter"], case_sensitive=False),
    default=None,
    help="Paper size for docx and pdf.  [default: A4]",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Your own DOCX reference document (styles) instead of the packaged one.",
)
@click.option(
    "--ninjs-version",
    type=click.Choice(["3.1", "2.2"]),
    default="3.1",
    show_default=True,
    help="ninjs version to write (2.2 for older consumers).",
)
@click.option(
    "--no-enrich",
    is_flag=True,
    help="Skip entity, quote, figure, subject and summary extraction (faster).",
)
@click.option(
    "--enricher",
    type=click.Choice(ENRICHERS),
    default=None,
    help="Where entities come from: our offline rules (default) or a spaCy model. spacy "
    "needs pip install 'docexport[spacy]' and a model: python -m spacy download en_core_web_sm.",
)
@click.option(
    "--spacy-model",
    metavar="NAME",
    default=None,
    help="spaCy pipeline for --enricher spacy: an installed model package or the folder of a "
    "saved pipeline.  [default: en_core_web_sm]",
)
@click.option(
    "--validate/--no-validate",
    default=True,
    show_default=True,
    help="Check each item against the news-item schema before writing (~2 µs an item).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (no progress bar).")
@click.option("--debug", is_flag=True, help="Show the traceback of internal errors.")
@metadata_options
def convert(**params: Any) -> None:
    """Convert articles (files, directories or - for stdin) to FORMAT."""
    writers = [_writer_or_usage_error(name) for name in _format_names(params["fmt"])]
    report_path = _report_path_or_usage_error(params)
    plan = _plan_or_usage_error(params, writers, report_path)
    if plan.out is None and writers[0].binary and sys.stdout.isatty():
        raise click.UsageError(f"{writers[0].name} output is binary; write it to a file with -o")
    settings = _settings(params)
    jobs = params["jobs"] or (_usable_cores() if plan.count >= AUTO_POOL_MIN else 1)
    engine = _engine_or_usage_error(params, jobs=max(1, min(jobs, plan.count)))
    sys.exit(_run_batch(plan, settings, engine, report_path, params))


def _engine_or_usage_error(params: dict[str, Any], *, jobs: int) -> Any:
    from docexport.engines import EngineUnavailable, create_engine  # noqa: PLC0415

    options = {}
    if params["scheduler"] is not None:
        if params["engine"] != "dask":
            raise click.UsageError("--scheduler needs --engine dask")
        options["scheduler"] = params["scheduler"]
    try:
        return create_engine(params["engine"], jobs=jobs, **options)
    except EngineUnavailable as exc:
        raise click.UsageError(str(exc)) from None


def _settings(params: dict[str, Any]) -> Any:
    from docexport.batch import Settings  # noqa: PLC0415
    from docexport.metadata import ItemMetadata  # noqa: PLC0415

    return Settings(
        options=_writer_options(params),
        validate=params["validate"],
        enrich=not params["no_enrich"],
        **_enrichment_or_usage_error(params),
        force=params["force"],
        metadata=ItemMetadata.from_settings(params),
        source_format=_reader_or_usage_error(params["source_format"]),
    )


def _usable_cores() -> int:
    """The cores this process may run on (a container's CPU set, ``taskset``)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _report_path_or_usage_error(params: dict[str, Any]) -> Path | None:
    path: Path | None = params["report_path"]
    if path is None or not path.exists() or params["force"]:
        return path
    from docexport.report import is_report  # noqa: PLC0415

    if not is_report(path):
        reason = (
            f"{printable(str(path))} exists and is not a docexport report (--force replaces it)"
        )
        raise click.BadParameter(reason, param_hint="--report")
    return path


def _plan_or_usage_error(params: dict[str, Any], writers: list[Any], report: Path | None) -> Any:
    from docexport.batch import UsageProblem, plan_batch  # noqa: PLC0415

    exclude = () if report is None else (report,)
    try:
        return plan_batch(params["inputs"], params["output"], _extensions(writers), exclude=exclude)
    except UsageProblem as exc:
        raise click.UsageError(exc.reason) from None


def _run_batch(plan: Any, settings: Any, engine: Any, report_path: Path | None, params: Any) -> int:
    """Run the batch on the console (``progress.run_on_console``); returns the exit code."""
    from docexport.progress import run_on_console  # noqa: PLC0415

    report = run_on_console(
        plan,
        settings,
        engine,
        report_path,
        quiet=params["quiet"],
        debug=params["debug"],
        to_stdout=_to_stdout,
    )
    if report.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_SOME_FAILED if report.failed else EXIT_OK


@cli.command()
def formats() -> None:
    """List the output formats (--to) and input formats (--from), plugins included."""
    from docexport.readers import extensions_by_reader  # noqa: PLC0415
    from docexport.writers import available_formats, broken_plugins  # noqa: PLC0415

    click.echo("Output formats (--to):")
    rows = [(f.name, f.media_type, f.extension, f.origin) for f in available_formats()]
    _table([("NAME", "MEDIA TYPE", "EXT", "FROM"), *rows])
    click.echo("\nInput formats (--from; detected from the content, then the extension):")
    inputs = [(name, " ".join(exts) or "-") for name, exts in extensions_by_reader().items()]
    _table([("NAME", "EXTENSIONS"), *inputs])
    for name, reason in broken_plugins().items():
        click.echo(f"warning: plugin {name!r} failed to load: {reason}", err=True)


def _table(rows: list[tuple[str, ...]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


_VALIDATE_EPILOG = """\b
Examples:
  docexport validate story.xml          # story.xml: valid (NewsML-G2 2.35)
  docexport validate item.json feed.json brief.pdf
  docexport validate out/*.xml          # exit 1 if any file is invalid

\b
Checked against the official standards, shipped with docexport (offline): NewsML-G2
2.35 XSD and the IPTC catalog's schemes for every qcode, ninjs 3.1/2.2 JSON Schemas,
NITF 3.6 XSD, docexport JSON (its schema), DOCX (opens, required parts), PDF (parses).
"""


@cli.command(epilog=_VALIDATE_EPILOG)
@click.argument("inputs", nargs=-1, required=True, metavar="FILE...")
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail NewsML-G2 qcodes whose scheme no referenced catalog declares.",
)
def validate(inputs: tuple[str, ...], strict: bool) -> None:
    """Check files against the official schema of their format (detected)."""
    from docexport.io import read_input_bytes  # noqa: PLC0415
    from docexport.validate import validate_bytes  # noqa: PLC0415

    failures = []
    for path in inputs:
        try:
            verdict = validate_bytes(read_input_bytes(path), path, strict=strict)
        except DocExportError as exc:
            exc.path = exc.path or path
            failures.append(_report(exc))
            continue
        line = printable(verdict.line(path))
        if verdict.valid:
            click.echo(line)
        else:
            failures.append(line)
            click.echo(line)
    if failures:
        sys.exit(EXIT_SOME_FAILED)


def _format_names(value: str) -> list[str]:
    """``--to newsml,ninjs,docx``: names, case-insensitive, each once, in order."""
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    if not names:
        raise click.BadParameter("name at least one format", param_hint="--to")
    return list(dict.fromkeys(names))


def _extensions(writers: list[Any]) -> dict[str, str]:
    """Format → output extension. Formats that share one (json and ninjs, both ``.json``)
    are told apart by name (``.ninjs.json``); the format named like the extension, else
    the first, keeps it plain."""
    sharing: dict[str, list[str]] = {}
    for writer in writers:
        sharing.setdefault(writer.extension, []).append(writer.name)
    extensions = {}
    for writer in writers:
        names = sharing[writer.extension]
        keeper = writer.extension[1:] if writer.extension[1:] in names else names[0]
        plain = writer.name == keeper
        extensions[writer.name] = writer.extension if plain else f".{writer.name}{writer.extension}"
    return extensions


def _reader_or_usage_error(name: str | None) -> str | None:
    if name is None:
        return None
    from docexport.readers import get_reader, reader_names  # noqa: PLC0415

    name = name.lower()
    if name not in reader_names():
        known = ", ".join(reader_names())
        raise click.BadParameter(
            f"unknown input format {name!r} (known: {known})", param_hint="--from"
        )
    try:
        get_reader(name)
    except UnknownFormatError as exc:
        raise click.BadParameter(exc.reason, param_hint="--from") from None
    return name


def _writer_or_usage_error(name: str) -> Any:
    from docexport.writers import get_writer  # noqa: PLC0415

    try:
        return get_writer(name)
    except UnknownFormatError as exc:
        raise click.BadParameter(exc.reason, param_hint="--to") from None


def _enrichment_or_usage_error(params: dict[str, Any]) -> dict[str, Any]:
    """``enricher`` and ``spacy_model`` for the batch; a spaCy model is loaded here, once,
    so that a missing extra or model is one usage error, not one failure per input."""
    enricher = params["enricher"] or "rules"
    model = params["spacy_model"]
    if enricher not in ENRICHERS:  # from docexport.toml, which click does not check
        known = ", ".join(ENRICHERS)
        raise click.BadParameter(f"{enricher!r} is not one of {known}", param_hint="enricher")
    if enricher != "rules" and not params["no_enrich"]:
        from docexport.enrich import check_enricher  # noqa: PLC0415 - spaCy only when asked

        try:
            check_enricher(enricher, *([model] if model else []))
        except DocExportError as exc:
            raise click.UsageError(str(exc)) from None
    return {"enricher": enricher, "spacy_model": model}


def _writer_options(params: dict[str, Any]) -> Any:
    from docexport.writers import WriterOptions  # noqa: PLC0415

    try:
        generated = generation_time()
    except DocExportError as exc:
        raise click.UsageError(str(exc)) from None
    classification = " ".join((params["classification"] or "UNCLASSIFIED").split())
    if not classification:
        raise click.BadParameter("must not be empty", param_hint="--classification")
    page_size = (params["page_size"] or "A4").lower()
    if page_size not in {"a4", "letter"}:
        raise click.BadParameter(f"{page_size!r} is not A4 or letter", param_hint="page_size")
    return WriterOptions(
        generated=generated,
        classification=classification,
        page_size="letter" if page_size == "letter" else "A4",
        template=params["template"],
        ninjs_version=params["ninjs_version"],
    )


def _report(error: DocExportError, *, debug: bool = False) -> str:
    """Print one failure as it happens (long batches show progress) and return it."""
    line = str(error)
    if isinstance(error, InternalError) and not debug:
        line += " (--debug shows the traceback)"
    click.echo(line, err=True)
    if debug and error.__cause__ is not None:
        import traceback  # noqa: PLC0415

        traceback.print_exception(error.__cause__, file=sys.stderr)
    return line


def _to_stdout(data: bytes) -> None:
    """Write one output to standard output; a closed or full stdout ends the run cleanly."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): nothing more to say, and nowhere to say it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_SOME_FAILED)
    except OSError as exc:
        click.echo(f"stdout: cannot write: {exc.strerror or exc}", err=True)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_SOME_FAILED)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="docexport")
