"""The command line: parse arguments, call the library, turn errors into messages.

Progress goes to stderr, results to stdout. A :class:`TripreportError` becomes one
line on stderr and exit code 1; nothing here knows how the report is made.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from tripreport import __version__
from tripreport.config import ENGLISH_MARKDOWN, BuildConfig
from tripreport.engines import EngineName
from tripreport.errors import TripreportError, one_line
from tripreport.paper import Paper

# Click's UsageError, as Typer has it (its own copy of Click from 0.28, the click package before):
# found through the one Click exception Typer exports.
CLICK_USAGE_ERROR = next(kind for kind in typer.BadParameter.__mro__ if kind.__name__ == "UsageError")


class UsageProblem(TripreportError):
    """A command line tripreport cannot read (an unknown option, a bad choice, a missing argument): exit 2."""


@contextlib.contextmanager
def usage_problems(group: Any = None) -> Iterator[None]:
    """Click's usage errors as one line with the hint to ``-h``, as git and ruff give them (Typer's
    own are a box of five lines or more). ``group``: the context of the group whose subcommand
    is being read, for the errors Click raises without a context of their own."""
    try:
        yield
    except CLICK_USAGE_ERROR as err:
        if type(err).__name__ == "NoArgsIsHelpError":  # no arguments at all: the help (as Typer tells it)
            raise
        message = err.format_message().rstrip(".")
        if message[:1].isupper() and not message[1:2].isupper():
            message = message[0].lower() + message[1:]
        if err.ctx is not None:
            command = err.ctx.command_path
        elif group is not None:
            command = " ".join(filter(None, [group.command_path, group.invoked_subcommand]))
        else:
            command = "tripreport"
        raise UsageProblem(f"{message}; try '{command} -h'") from None


class OneLineUsage(typer.core.TyperGroup):
    """The command group, its usage errors as one line (see :func:`usage_problems`)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with usage_problems():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with usage_problems(ctx):  # a subcommand's arguments are read here
            return super().invoke(ctx)


app = typer.Typer(
    cls=OneLineUsage,
    help="Turn informal Spanish trip notes into an English and Spanish report (HTML and PDF), offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


class Reporter:
    """Progress on stderr: a live bar on a terminal, plain lines otherwise, nothing with --quiet.

    Rich (which Typer brings) draws the bar and honours ``NO_COLOR``; counts (segments
    translated, PDFs printed) move the bar, and in plain mode only ``--verbose`` prints them.
    """

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.bar = None
        self.tasks: dict[str, object] = {}
        if not quiet and sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            console = Console(stderr=True)
            self.bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                transient=True,
            )

    def __call__(self, update) -> None:
        from tripreport.progress import Count, Detail

        if self.quiet or (isinstance(update, Detail) and not self.verbose):
            return
        if isinstance(update, Count):
            if self.bar is not None:
                if update.what not in self.tasks:
                    self.bar.start()
                    self.tasks[update.what] = self.bar.add_task(update.what, total=update.total)
                self.bar.update(self.tasks[update.what], completed=update.done, total=update.total)
            elif self.verbose:
                typer.echo(f"tripreport: {update.done}/{update.total} {update.what}", err=True)
            return
        line = f"tripreport: {update}" if isinstance(update, Detail) else f"tripreport: {update}…"  # a step goes on
        if self.bar is not None:
            self.bar.console.print(line, highlight=False, markup=False)
        else:
            typer.echo(line, err=True)

    def __enter__(self) -> Reporter:
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress(message) -> None:
    """Plain progress on stderr (the commands that have no --quiet)."""
    Reporter()(message)


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
    """Build the Spanish and English reports: Markdown, HTML and PDF. Reruns redo only what changed."""
    import json

    from tripreport.build import build as run_build

    config = build_config(notes, glossary, out, engine, paper, force, no_glossary)
    with Reporter(quiet, verbose) as reporter:
        result = run_build(config, reporter)
    t = result.translation
    if as_json:
        summary = {
            "segments": t.segments,
            "translated": t.translated,
            "from_memory": t.from_memory,
            "units": result.units,
            "reviewed": t.reviewed,
            "needs_review": result.needs_review,
            "flagged": result.flagged,
            "degenerate": len(t.flagged),
            "fallback_engine": t.fallback_engine,
            "engine": t.engine,
            "engine_version": t.engine_version,
            "outputs": result.outputs,
            "seconds": result.seconds,
        }
        for line in result.qa_summary if not quiet else []:
            typer.echo(line, err=True)
        typer.echo(json.dumps(summary, ensure_ascii=False))
        return
    if quiet:
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
) -> BuildConfig:
    return BuildConfig(
        notes=notes,
        glossary=glossary,
        out=out,
        engine=EngineName(engine).value,
        paper=Paper(paper),
        force=force,
        glossary_appendix=not no_glossary,
    )


@app.command()
def serve(
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
    """Build, serve the report on this machine and rebuild on every save; open pages reload by themselves."""
    from tripreport.serve import serve as run_serve

    def ready(url: str) -> None:
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    config = build_config(notes, glossary, out, engine, paper)
    detail = Reporter(verbose=True) if verbose else (lambda update: None)
    try:
        run_serve(config, host, port, log=lambda line: typer.echo(line, err=True), detail=detail, on_ready=ready)
    except KeyboardInterrupt:
        typer.echo("tripreport: stopped", err=True)


@app.command()
def init(
    folder: Path = typer.Argument(Path("."), help="The new report's folder (made if missing)."),
) -> None:
    """Start a report: example notes in seeds/, a commented glossary.yaml, .gitignore and README.md."""
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
    """Translate one Markdown file to English Markdown; paragraphs stay paragraphs."""
    from tripreport.one_file import translate_file
    from tripreport.outputs import write_if_changed

    if not source.is_file():
        raise TripreportError(f"{source}: no such file")
    english, _ = translate_file(source, glossary, EngineName(engine).value, progress)
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
    """Check the last build's English against the notes; exit 1 on errors (warnings alone pass)."""
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
    """Keep your edits of the English Markdown: record each changed passage in translations/report.en.po."""
    from tripreport.absorb import absorb_edits

    config = BuildConfig(out=out)
    recorded = absorb_edits(config, edited)
    if recorded:
        typer.echo(f"recorded {plural(recorded, 'reviewed passage')} in {config.translations}; run tripreport build")
    else:
        typer.echo(f"no passage of {edited} differs from what the last build wrote")


@app.command()
def engines() -> None:
    """List the translation engines, whether each is installed, which auto picks, and where Argos packages are."""
    from tripreport import engines as registry
    from tripreport import models

    statuses = registry.probe_all()
    for status in statuses:
        mark = "yes" if status.available else "no "
        typer.echo(f"{status.name:<9} {mark}  {status.version or '-'}  {status.detail}")
    folders = ", ".join(str(folder) for folder in models.package_dirs())
    how = "as ARGOS_PACKAGES_DIR says" if os.environ.get("ARGOS_PACKAGES_DIR") else "ARGOS_PACKAGES_DIR sets another"
    typer.echo(f"argos packages: {folders}, where Argos Translate keeps them ({how})")
    try:
        typer.echo(f"auto picks: {registry.choose('auto')}")
    except TripreportError as err:
        typer.echo(f"auto picks: nothing ({err})")


models_app = typer.Typer(
    cls=OneLineUsage, help="Manage Argos Translate models (the neural engine).", no_args_is_help=True
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """List the installed Argos models, with their self-test verdicts."""
    from tripreport import models
    from tripreport.engines.argos.verdict import verdict

    packages = models.installed_packages()
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
    """Install an Argos model (needs internet once), or --from a file; then test it."""
    from tripreport import models
    from tripreport.engines.argos.verdict import known_bad, verdict

    if from_file is not None:
        package = models.install_from_file(from_file, sha256)
    else:
        progress(f"downloading {name} from the Argos index")
        package = models.install_from_index(name, sha256, known_bad)
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
    from tripreport import models

    package = models.remove(name)
    typer.echo(f"removed {package.label}")


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a service manager, CI cancelling a job), handled as Ctrl-C is: the
    build stops its helper programs and print workers and leaves every output as it was."""


def on_terminate(signum: int, frame: object) -> None:
    raise Terminated


def main() -> None:
    """Entry point: run the app; every failure a user can meet is one line and an exit code."""
    debug = os.environ.get("TRIPREPORT_DEBUG", "") not in ("", "0") or "--debug" in sys.argv
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:  # an ignored SIGTERM stays ignored
        signal.signal(signal.SIGTERM, on_terminate)
    try:
        app()
    except UsageProblem as err:
        typer.echo(f"tripreport: error: {err}", err=True)
        sys.exit(2)
    except KeyboardInterrupt as stop:
        stopped(stop)
    except SystemExit as done:
        if (stop := interruption(done)) is not None:  # Typer turns Ctrl-C into a silent exit 130
            stopped(stop)
        raise
    except Exception as err:  # noqa: BLE001  (mapped to one line; --debug shows the traceback)
        message = one_line(err)
        if message is None or debug:
            raise
        typer.echo(f"tripreport: error: {message}", err=True)
        sys.exit(1)


def stopped(stop: KeyboardInterrupt) -> None:
    """One line for a build stopped by a signal, and the shell's exit code for that signal."""
    if isinstance(stop, Terminated):
        typer.echo("tripreport: terminated", err=True)
        sys.exit(128 + signal.SIGTERM)
    typer.echo("tripreport: interrupted", err=True)
    sys.exit(128 + signal.SIGINT)


def interruption(err: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C (or SIGTERM) behind ``err``, if a signal caused it."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
