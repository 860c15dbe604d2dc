"""The ``kg`` command: a thin click layer over the library.

Each command parses options, calls one library function and prints. Every
KGError becomes ``Error: ...`` on stderr with exit code 1, here and only here.
"""
from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

import click

from . import __version__
from .errors import KGError
from .settings import load_settings

log = logging.getLogger("kg")


def _errors_to_click(fn):
    """Turn library errors into ``Error: ...`` + exit 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _graph_option(fn):
    return click.option("--graph", "graph_dir", default="out", show_default=True,
                        type=click.Path(file_okay=False, path_type=Path),
                        help="Folder written by `kg build`.")(fn)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors on stderr.")
def cli(quiet: bool) -> None:
    """Build, query and view knowledge graphs of Chinese regional-development news.

    \b
    Example:
      kg build corpus -o out && kg viz --graph out --open
    """
    logging.basicConfig(stream=sys.stderr, format="%(message)s",
                        level=logging.WARNING if quiet else logging.INFO, force=True)


@cli.command()
@click.argument("corpus", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (replaced as a whole when the build succeeds).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Leave out relations whose best evidence is below this (default 0.5).")
@click.option("--no-cache", is_flag=True, help="Re-extract every document.")
@click.option("--config", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Settings file (default: ./kg.toml when present).")
@_errors_to_click
def build(corpus, out, jobs, min_confidence, no_cache, config) -> None:
    """Read CORPUS files/folders, extract the graph, write OUT/graph.ttl, .graphml, .html, report.json.

    \b
    Example:
      kg build corpus -o out
    """
    from .pipeline import build as run_build

    settings = load_settings(config).replace(jobs=jobs, min_confidence=min_confidence,
                                             cache=False if no_cache else None)
    report = run_build(list(corpus), out, settings)
    c = report["counts"]
    click.echo(f"{c['documents_read']} document(s) read, {c['documents_skipped']} skipped; "
               f"{c['entities']} entities, {c['relations']} relations, {c['triples']} triples "
               f"in {report['seconds']:.1f} s", err=True)
    click.echo(f"View: {(out / 'graph.html').resolve().as_uri()}", err=True)


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read the query from a file.")
@_graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Output format of the results.")
@_errors_to_click
def query(sparql, query_file, graph_dir, fmt) -> None:
    """Run a SPARQL SELECT/ASK/CONSTRUCT query over a built graph.

    \b
    Example:
      kg query --graph out 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from . import query as q
    from .store import open_graph

    if bool(sparql) == bool(query_file):
        raise click.UsageError("give a SPARQL string or -f FILE (one of them)")
    text = sparql if sparql else query_file.read_text(encoding="utf-8")
    result = q.run(open_graph(graph_dir), text)
    click.echo(q.render(result, fmt), nl=False)


@cli.command()
@_graph_option
@click.option("--focus", help="Only the neighbourhood of the entity with this label or alias.")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="How many hops around --focus.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: GRAPH/graph.html, or GRAPH/focus-LABEL.html).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the browser.")
@_errors_to_click
def viz(graph_dir, focus, depth, output, open_browser) -> None:
    """Write the interactive HTML view of a built graph (and open it).

    \b
    Example:
      kg viz --graph out --focus 某某产业园 --depth 2 --open
    """
    from . import viz as v
    from .store import open_graph

    path = v.write_view(open_graph(graph_dir), graph_dir, output=output, focus=focus, depth=depth,
                        settings=load_settings())
    click.echo(str(path))
    if open_browser:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
