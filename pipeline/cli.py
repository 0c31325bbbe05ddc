"""The command line: parse arguments, call the library, turn errors into messages.

Progress goes to stderr, results to stdout. A :class:`TripreportError` becomes one
line on stderr and exit code 1; nothing here knows how the report is made.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from tripreport import __version__
from tripreport.errors import TripreportError

app = typer.Typer(
    help="Turn informal Spanish trip notes into an English and Spanish report (HTML and PDF), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ENGINE_HELP = (
    "Translation engine: auto (argos if its es→en model is installed, else apertium), argos, apertium, identity."
)


def progress(message: str) -> None:
    """Show progress on stderr."""
    typer.echo(f"tripreport: {message}…", err=True)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"tripreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error (or TRIPREPORT_DEBUG=1)."),
) -> None:
    """Run from a report folder: one holding seeds/ (the notes) and glossary.yaml."""
    if debug:
        os.environ["TRIPREPORT_DEBUG"] = "1"


@app.command()
def build(
    notes: Path = typer.Option(
        Path("seeds"), "--notes", help="Notes: a Markdown file, or a folder whose *.md files are read in name order."
    ),
    glossary: Path = typer.Option(Path("glossary.yaml"), "--glossary", help="Glossary of kept and translated terms."),
    out: Path = typer.Option(Path("output"), "--out", help="Folder for the report files."),
    engine: str = typer.Option("auto", "--engine", help=ENGINE_HELP),
    paper: str = typer.Option("a4", "--paper", help="Paper size of the PDF handouts: a4 or letter."),
    as_json: bool = typer.Option(
        False, "--json", help="End with one JSON line: counts, engine, per-file outcome, stage timings."
    ),
    force: bool = typer.Option(False, "--force", help="Rebuild everything, and overwrite a hand-edited report.en.md."),
    no_glossary: bool = typer.Option(
        False,
        "--no-glossary",
        help="Leave out the glossary appendix (or: glossary_appendix: false in the front matter).",
    ),
) -> None:
    """Build the Spanish and English reports: Markdown, HTML and PDF. Reruns redo only what changed."""
    import json

    from tripreport.build import BuildConfig
    from tripreport.build import build as run_build

    if paper not in ("a4", "letter"):
        raise TripreportError(f"unknown paper size {paper!r} (choose a4 or letter)")
    config = BuildConfig(
        notes=notes,
        glossary=glossary,
        out=out,
        engine=engine,
        paper=paper,
        force=force,
        glossary_appendix=not no_glossary,
    )
    result = run_build(config, progress)
    t = result.translation
    if as_json:
        summary = {
            "segments": t.segments,
            "translated": t.translated,
            "from_memory": t.from_memory,
            "reviewed": t.reviewed,
            "needs_review": result.needs_review,
            "degenerate": len(t.flagged),
            "fallback_engine": t.fallback_engine,
            "engine": t.engine,
            "engine_version": t.engine_version,
            "outputs": result.outputs,
            "seconds": result.seconds,
        }
        for line in result.qa_summary:
            typer.echo(line, err=True)
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    for path, outcome in result.outputs.items():
        typer.echo(f"{outcome:>9}  {path}")
    for line in result.qa_summary:
        typer.echo(line)
    reviewed = f"; {plural(t.reviewed, 'passage')} reviewed by a person" if t.reviewed else ""
    pending = f", {result.needs_review} waiting for review" if result.needs_review else ""
    typer.echo(
        f"{t.segments} segments: {t.translated} translated by {t.engine} ({t.engine_version}), "
        f"{t.from_memory} from memory{reviewed}{pending}; {result.seconds['total']:.1f} s"
    )


@app.command()
def translate(
    source: Path = typer.Argument(..., help="Spanish Markdown file."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the English Markdown here (default: stdout)."
    ),
    glossary: Path = typer.Option(Path("glossary.yaml"), "--glossary", help="Glossary of kept and translated terms."),
    engine: str = typer.Option("auto", "--engine", help=ENGINE_HELP),
) -> None:
    """Translate one Markdown file to English Markdown; paragraphs stay paragraphs."""
    from tripreport.build import translate_file
    from tripreport.outputs import write_if_changed

    if not source.is_file():
        raise TripreportError(f"{source}: no such file")
    english, _ = translate_file(source, glossary, engine, progress)
    if output is None:
        sys.stdout.write(english)
    else:
        write_if_changed(output, english)
        progress(f"wrote {output}")


@app.command()
def check(
    notes: Path = typer.Option(Path("seeds"), "--notes", help="The Spanish notes the report was built from."),
    glossary: Path = typer.Option(Path("glossary.yaml"), "--glossary", help="Glossary of kept and translated terms."),
    out: Path = typer.Option(Path("output"), "--out", help="Folder of the built report."),
) -> None:
    """Check the last build's English against the notes; exit 1 on errors (warnings alone pass)."""
    from tripreport.build import BuildConfig, check_last_build

    review = check_last_build(BuildConfig(notes=notes, glossary=glossary, out=out))
    for line in review.summary(limit=50):
        typer.echo(line)
    typer.echo(f"details: {out / 'qa.json'}")
    if review.errors:
        raise typer.Exit(1)


@app.command()
def absorb(
    edited: Path = typer.Argument(Path("output/report.en.md"), help="The English Markdown you edited by hand."),
    out: Path = typer.Option(Path("output"), "--out", help="Folder of the built report."),
) -> None:
    """Keep your edits of the English Markdown: record each changed passage in translations/report.en.po."""
    from tripreport.build import BuildConfig, absorb_edits

    config = BuildConfig(out=out)
    recorded = absorb_edits(config, edited)
    if recorded:
        typer.echo(f"recorded {plural(recorded, 'reviewed passage')} in {config.translations}; run tripreport build")
    else:
        typer.echo(f"no passage of {edited} differs from what the last build wrote")


@app.command()
def engines() -> None:
    """List the translation engines, whether each is installed, and which auto picks."""
    from tripreport import engines as registry

    statuses = registry.probe_all()
    for status in statuses:
        mark = "yes" if status.available else "no "
        typer.echo(f"{status.name:<9} {mark}  {status.version or '-'}  {status.detail}")
    try:
        typer.echo(f"auto picks: {registry.choose('auto')}")
    except TripreportError as err:
        typer.echo(f"auto picks: nothing ({err})")


models_app = typer.Typer(help="Manage Argos Translate models (the neural engine).", no_args_is_help=True)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """List the installed Argos models, with their self-test verdicts."""
    from tripreport import models

    packages = models.installed_packages()
    if not packages:
        typer.echo("no Argos models installed (tripreport models install es_en)")
    for package in packages:
        state = ""
        if (package.from_code, package.to_code) == ("es", "en"):
            verdict = models.verdict(package)
            state = f"  broken: {verdict.reason}" if verdict.broken else "  ok"
        pair = f"{package.from_code}→{package.to_code}"
        typer.echo(f"{package.name:<28} {pair}  {package.package_version:<8} {package.path}{state}")


@models_app.command("install")
def models_install(
    name: str = typer.Argument(
        "es_en", help="Model from the Argos index: from_to codes, and ==VERSION for a given version (es_en==1.9)."
    ),
    from_file: Path | None = typer.Option(None, "--from", help="Install this .argosmodel file instead of downloading."),
    sha256: str | None = typer.Option(None, "--sha256", help="Install only if the file has this SHA-256."),
) -> None:
    """Install an Argos model (needs internet once), or --from a file; then test it."""
    from tripreport import models

    if from_file is not None:
        package = models.install_from_file(from_file, sha256)
    else:
        progress(f"downloading {name} from the Argos index")
        package = models.install_from_index(name, sha256)
    typer.echo(
        f"installed {package.name} ({package.from_code}→{package.to_code} {package.package_version}) in {package.path}"
    )
    if (package.from_code, package.to_code) == ("es", "en"):
        progress("testing it on a few sentences")
        verdict = models.verdict(package)
        if verdict.broken:
            typer.echo(f"{package.label} is broken: {verdict.reason}; tripreport will not pick it (auto)")
        else:
            typer.echo(f"{package.label} passed its self-test")


@models_app.command("remove")
def models_remove(
    name: str = typer.Argument(..., help="Installed model: its folder name, from_to codes, or from_to==VERSION."),
) -> None:
    """Remove an installed Argos model."""
    from tripreport import models

    package = models.remove(name)
    typer.echo(f"removed {package.label}")


def main() -> None:
    """Entry point: run the app; every failure a user can meet is one line and an exit code."""
    debug = os.environ.get("TRIPREPORT_DEBUG", "") not in ("", "0") or "--debug" in sys.argv
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("tripreport: interrupted", err=True)
        sys.exit(130)
    except SystemExit as done:
        if caused_by_interrupt(done):  # Typer turns Ctrl-C into a silent exit 130
            typer.echo("tripreport: interrupted", err=True)
        raise
    except Exception as err:  # noqa: BLE001  (mapped to one line; --debug shows the traceback)
        message = one_line(err)
        if message is None or debug:
            raise
        typer.echo(f"tripreport: error: {message}", err=True)
        sys.exit(1)


def caused_by_interrupt(err: BaseException) -> bool:
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def one_line(err: Exception) -> str | None:
    """The one line for an error a user can meet, or None for a bug (which keeps its traceback)."""
    import sqlite3

    if isinstance(err, TripreportError):
        return str(err)
    if isinstance(err, OSError):
        where = f"{err.filename}: " if err.filename else ""
        also = f" (and {err.filename2})" if err.filename2 else ""
        return f"{where}{err.strerror or err}{also}"
    if isinstance(err, sqlite3.Error):
        return f"the translation memory failed: {err} (delete .tripreport/memory.sqlite to start afresh)"
    if type(err).__module__.startswith(("pypdf", "yaml")):
        return f"{type(err).__name__}: {err}"
    return None
