"""The command line: parse arguments, call the library, turn errors into messages.

Progress goes to stderr, results to stdout. A :class:`TripreportError` becomes one
line on stderr and exit code 1; nothing here knows how the report is made.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from pipeline import __version__
from pipeline.errors import TripreportError

app = typer.Typer(
    help="Turn informal Spanish trip notes into an English and Spanish report (HTML and PDF), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

ENGINE_HELP = "Translation engine: auto (argos if its es→en model is installed, else apertium), argos, apertium, identity."


def progress(message: str) -> None:
    """Show progress on stderr."""
    typer.echo(f"tripreport: {message}…", err=True)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"tripreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."),
) -> None:
    """Run from a report folder: one holding seeds/ (the notes) and glossary.yaml."""


@app.command()
def build(
    notes: Path = typer.Option(Path("seeds"), "--notes", help="Notes: a Markdown file, or a folder whose *.md files are read in name order."),
    glossary: Path = typer.Option(Path("glossary.yaml"), "--glossary", help="Glossary of kept and translated terms."),
    out: Path = typer.Option(Path("output"), "--out", help="Folder for the report files."),
    engine: str = typer.Option("auto", "--engine", help=ENGINE_HELP),
) -> None:
    """Build the Spanish and English reports: Markdown, HTML and PDF."""
    from pipeline.build import BuildConfig
    from pipeline.build import build as run_build

    config = BuildConfig(notes=notes, glossary=glossary, out=out, engine=engine)
    result = run_build(config, progress)
    for path, outcome in result.outputs.items():
        typer.echo(f"{outcome:>9}  {path}")
    t = result.translation
    typer.echo(
        f"{t.segments} segments, {t.translated} translated by {t.engine} ({t.engine_version}) "
        f"in {result.seconds['total']:.1f} s"
    )


@app.command()
def translate(
    source: Path = typer.Argument(..., help="Spanish Markdown file."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the English Markdown here (default: stdout)."),
    glossary: Path = typer.Option(Path("glossary.yaml"), "--glossary", help="Glossary of kept and translated terms."),
    engine: str = typer.Option("auto", "--engine", help=ENGINE_HELP),
) -> None:
    """Translate one Markdown file to English Markdown; paragraphs stay paragraphs."""
    from pipeline.build import translate_file
    from pipeline.outputs import write_if_changed

    if not source.is_file():
        raise TripreportError(f"{source}: no such file")
    english, _ = translate_file(source, glossary, engine, progress)
    if output is None:
        sys.stdout.write(english)
    else:
        write_if_changed(output, english)
        progress(f"wrote {output}")


@app.command()
def engines() -> None:
    """List the translation engines, whether each is installed, and which auto picks."""
    from pipeline import engines as registry

    statuses = registry.probe_all()
    for status in statuses:
        mark = "yes" if status.available else "no "
        typer.echo(f"{status.name:<9} {mark}  {status.version or '-'}  {status.detail}")
    try:
        typer.echo(f"auto picks: {registry.choose('auto')}")
    except TripreportError as err:
        typer.echo(f"auto picks: nothing ({err})")


def main() -> None:
    """Entry point: run the app, turning known errors into one line and exit code 1."""
    try:
        app()
    except TripreportError as err:
        typer.echo(f"tripreport: error: {err}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("tripreport: interrupted", err=True)
        sys.exit(130)
