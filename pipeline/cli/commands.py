"""The commands: each reads its options, calls the library and prints what it did."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
import typer.core

from tripreport import __version__
from tripreport.cli import signals
from tripreport.cli.reporter import Reporter, progress
from tripreport.cli.usage import OneLineUsage
from tripreport.config import ENGLISH_MARKDOWN, BuildConfig
from tripreport.engines import EngineName
from tripreport.errors import TripreportError
from tripreport.paper import Paper
from tripreport.progress import plural

if TYPE_CHECKING:
    from tripreport.model import BuildResult

app = typer.Typer(
    cls=OneLineUsage,
    help="Turn informal Spanish trip notes into an English and Spanish report (HTML and PDF), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help as plain text, as git and ruff give it: no boxes
    context_settings={"help_option_names": ["-h", "--help"]},
)

ENGINE_HELP = "Translation engine (auto: argos if its es→en model is installed and sound, else apertium)."
QUIET_HELP = "Print nothing but errors."
VERBOSE_HELP = "Also print every step and, at the end, the time each stage took."
# The options several commands share, declared once (their defaults are the build's own).
NotesOption = Annotated[
    Path, typer.Option("--notes", help="Notes: a Markdown file, or a folder whose *.md files are read in name order.")
]
GlossaryOption = Annotated[Path, typer.Option("--glossary", help="Glossary of kept and translated terms.")]
OutOption = Annotated[Path, typer.Option("--out", help="Folder of the report files.")]
EngineOption = Annotated[EngineName, typer.Option("--engine", help=ENGINE_HELP)]
PaperOption = Annotated[Paper, typer.Option("--paper", help="Paper size of the PDF handouts.")]
DEFAULT_ENGLISH_MARKDOWN = BuildConfig.out / ENGLISH_MARKDOWN


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"tripreport {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
    ),
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error (or TRIPREPORT_DEBUG=1)."),
) -> None:
    """Run from a report folder: one holding seeds/ (the notes) and glossary.yaml."""
    # The error mapping (tripreport.cli.main) reads --debug itself; builds are told it in their config.
    ctx.obj = debug or os.environ.get("TRIPREPORT_DEBUG", "") not in ("", "0")


@app.command()
def build(
    ctx: typer.Context,
    notes: NotesOption = BuildConfig.notes,
    glossary: GlossaryOption = BuildConfig.glossary,
    out: OutOption = BuildConfig.out,
    engine: EngineOption = EngineName.auto,
    paper: PaperOption = BuildConfig.paper,
    as_json: bool = typer.Option(
        False, "--json", help="End with one JSON line: counts, engine, per-file outcome, stage timings."
    ),
    force: bool = typer.Option(
        False, "--force", help=f"Rebuild everything, and overwrite a hand-edited {ENGLISH_MARKDOWN}."
    ),
    no_glossary: bool = typer.Option(
        False,
        "--no-glossary",
        help="Leave out the glossary appendix (or: glossary_appendix: false in the front matter).",
    ),
    quiet: bool = typer.Option(False, "-q", "--quiet", help=QUIET_HELP),
    verbose: bool = typer.Option(False, "-v", "--verbose", help=VERBOSE_HELP),
) -> None:
    """Build the Spanish and English reports: Markdown, HTML and PDF. Reruns redo only what
    changed."""
    from tripreport.build import build as run_build

    config = build_config(notes, glossary, out, engine, paper, force, no_glossary, debug=bool(ctx.obj))
    with Reporter(quiet, verbose) as reporter:
        result = run_build(config, reporter, cancel=signals.stop_token())  # a swallowed Ctrl-C stops it too
    if as_json:
        for line in result.qa_summary if not quiet else []:
            typer.echo(line, err=True)
        typer.echo(json_summary(result))
    elif not quiet:
        print_summary(result, verbose)


def json_summary(result: BuildResult) -> str:
    """``build --json``'s last line: counts, engine, per-file outcome, stage timings."""
    import json

    t = result.translation
    return json.dumps(
        {
            "segments": t.segments,
            "translated": t.translated,
            "from_memory": t.from_memory,
            "units": result.units,
            "reviewed": t.reviewed,
            "needs_review": result.needs_review,
            "flagged": result.flagged,
            "degenerate": len(t.flagged),
            "fallback_engine": t.fallback_engine or "",
            "engine": t.engine,
            "engine_version": t.engine_version,
            "outputs": result.outputs,
            "seconds": result.seconds,
        },
        ensure_ascii=False,
    )


def print_summary(result: BuildResult, verbose: bool) -> None:
    """What a build wrote, its QA, and its counts, for a person."""
    t = result.translation
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
    if verbose:
        typer.echo("stages: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.seconds.items()))


def build_config(
    notes: Path,
    glossary: Path,
    out: Path,
    engine: EngineName,
    paper: Paper,
    force: bool = False,
    no_glossary: bool = False,
    debug: bool = False,
) -> BuildConfig:
    return BuildConfig(
        notes=notes,
        glossary=glossary,
        out=out,
        engine=engine,
        paper=paper,
        force=force,
        glossary_appendix=not no_glossary,
        debug=debug,
    )


@app.command()
def serve(
    ctx: typer.Context,
    port: int = typer.Option(8000, "--port", help="Port to serve on (0: any free port)."),
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Address to serve on; others can reach the report only if you change it."
    ),
    open_browser: bool = typer.Option(False, "--open", help="Open the English report in your browser."),
    notes: NotesOption = BuildConfig.notes,
    glossary: GlossaryOption = BuildConfig.glossary,
    out: OutOption = BuildConfig.out,
    engine: EngineOption = EngineName.auto,
    paper: PaperOption = BuildConfig.paper,
    verbose: bool = typer.Option(False, "-v", "--verbose", help="Also print every step of each build."),
) -> None:
    """Serve the report on this machine and rebuild it on every save. Open pages reload by themselves;
    /review is the page for correcting the English."""
    from tripreport.serve import serve as run_serve

    def ready(url: str) -> None:
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    config = build_config(notes, glossary, out, engine, paper, debug=bool(ctx.obj))
    detail = Reporter(verbose=True) if verbose else (lambda update: None)

    def log(line: str) -> None:
        typer.echo(line, err=True)

    try:
        run_serve(config, host, port, log=log, detail=detail, on_ready=ready, stop=signals.stop_token())
    except KeyboardInterrupt:
        pass
    except Exception:
        if signals.received() is None or ctx.obj:  # an error, not a Ctrl-C that came out as one
            raise
    typer.echo("tripreport: stopped", err=True)  # serve ends only when stopped


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="The new report's folder (made if missing)."),
) -> None:
    """Start a report in this folder. Writes example notes in seeds/, a commented glossary.yaml,
    .gitignore and README.md."""
    from tripreport.starter import create

    written = create(folder)
    for path in written:
        typer.echo(f"  created  {path}")
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    typer.echo(f"next: {where}tripreport build   (or tripreport serve, to see it change as you write)")


@app.command()
def translate(
    source: Path = typer.Argument(..., help="Spanish Markdown file."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the English Markdown here (default: stdout)."
    ),
    glossary: GlossaryOption = BuildConfig.glossary,
    engine: EngineOption = EngineName.auto,
) -> None:
    """Translate one Markdown file to English Markdown. Paragraphs stay paragraphs."""
    from tripreport.one_file import translate_file
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
    notes: NotesOption = BuildConfig.notes,
    glossary: GlossaryOption = BuildConfig.glossary,
    out: OutOption = BuildConfig.out,
) -> None:
    """Check the last build's English against the notes. Exits 1 on errors (warnings alone pass)."""
    from tripreport.qa import check_last_build

    review = check_last_build(BuildConfig(notes=notes, glossary=glossary, out=out))
    for line in review.summary(limit=50, infos=True):
        typer.echo(line)
    typer.echo(f"details: {out / 'qa.json'}")
    if review.errors:
        raise typer.Exit(1)


@app.command()
def absorb(
    edited: Path = typer.Argument(DEFAULT_ENGLISH_MARKDOWN, help="The English Markdown you edited by hand."),
    out: OutOption = BuildConfig.out,
) -> None:
    """Keep your edits of the English Markdown. Each changed passage is recorded in
    translations/report.en.po, which the next build uses."""
    from tripreport.absorb import absorb_edits

    config = BuildConfig(out=out)
    recorded = absorb_edits(config, edited)
    if recorded:
        typer.echo(f"recorded {plural(recorded, 'reviewed passage')} in {config.translations}; run tripreport build")
    else:
        typer.echo(f"no passage of {edited} differs from what the last build wrote")


@app.command()
def engines() -> None:
    """List the translation engines. Shows whether each is installed, which auto picks, and where
    Argos packages are."""
    from tripreport import engines as registry
    from tripreport.engines.argos import store

    statuses = registry.probe_all()
    for status in statuses:
        mark = "yes" if status.available else "no "
        typer.echo(f"{status.name:<9} {mark}  {status.version or '-'}  {status.detail}")
    folders = ", ".join(str(folder) for folder in store.package_dirs())
    how = "as ARGOS_PACKAGES_DIR says" if os.environ.get("ARGOS_PACKAGES_DIR") else "ARGOS_PACKAGES_DIR sets another"
    typer.echo(f"argos packages: {folders}, where Argos Translate keeps them ({how})")
    try:
        typer.echo(f"auto picks: {registry.choose(EngineName.auto)}")
    except TripreportError as err:
        typer.echo(f"auto picks: nothing ({err})")


models_app = typer.Typer(
    cls=OneLineUsage, help="Manage Argos Translate models (the neural engine).", no_args_is_help=True
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """List the installed Argos models, with their self-test verdicts."""
    from tripreport.engines.argos import store
    from tripreport.engines.argos.verdict import verdict

    packages = store.installed_packages()
    if not packages:
        typer.echo("no Argos models installed (tripreport models install es_en)")
    for package in packages:
        state = ""
        if (package.from_code, package.to_code) == ("es", "en"):
            found = verdict(package)
            state = f"  broken: {found.reason}" if found.broken else "  ok"
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
    """Install an Argos model and test it. Downloads from the Argos index (needs internet once),
    or installs --from a file."""
    from tripreport.engines.argos import store
    from tripreport.engines.argos.verdict import known_bad, verdict

    if from_file is not None:
        package = store.install_from_file(from_file, sha256)
    else:
        progress(f"downloading {name} from the Argos index")
        package = store.install_from_index(name, sha256, known_bad)
    typer.echo(
        f"installed {package.name} ({package.from_code}→{package.to_code} {package.package_version}) in {package.path}"
    )
    if (package.from_code, package.to_code) == ("es", "en"):
        progress("testing it on a few sentences")
        found = verdict(package)
        if found.broken:
            typer.echo(f"{package.label} is broken: {found.reason}; tripreport will not pick it (auto)")
        else:
            typer.echo(f"{package.label} passed its self-test")


@models_app.command("remove")
def models_remove(
    name: str = typer.Argument(..., help="Installed model: its folder name, from_to codes, or from_to==VERSION."),
) -> None:
    """Remove an installed Argos model."""
    from tripreport.engines.argos import store

    package = store.remove(name)
    typer.echo(f"removed {package.label}")
