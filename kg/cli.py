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
              help="Extraction processes (default: one per core, fewer for less than 2 MB per process).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None,
              help="Leave out relations whose best evidence is below this (default 0.5).")
@click.option("--no-cache", is_flag=True,
              help="Re-extract every document instead of reusing OUT/.cache (which is then rebuilt).")
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
    try:
        report = run_build(list(corpus), out, settings)
    except KeyboardInterrupt:
        click.echo(f"Interrupted: {out} is left as it was.", err=True)
        sys.exit(130)
    c = report["counts"]
    click.echo(f"{c['documents_read']} document(s) read ({c['documents_reused']} unchanged), "
               f"{c['documents_skipped']} skipped; "
               f"{c['entities']} entities, {c['relations']} relations, {c['triples']} triples "
               f"in {report['seconds']:.1f} s", err=True)
    click.echo(f"View: {(out / 'graph.html').resolve().as_uri()}", err=True)


def _params(values) -> dict[str, str]:
    """``key=value`` strings of --param into a dict (usage error when malformed or repeated)."""
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--param {item!r}: expected NAME=VALUE, e.g. --param district=青禾县")
        if key.strip() in out:
            raise click.UsageError(f"--param {key.strip()} given twice")
        out[key.strip()] = value
    return out


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Read the query from a file.")
@click.option("-n", "--name", "name", help="Run a named query shipped with kg (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Parameter, bound as an escaped RDF term, never pasted: typed by a named query, "
                   "a string literal for ?NAME of your own SPARQL (repeatable).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries and their parameters.")
@_graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="Output format of the results (CONSTRUCT/DESCRIBE: table gives Turtle, "
                                      "json JSON-LD, xml RDF/XML).")
@click.option("--timeout", type=click.FloatRange(min=0), default=0, metavar="SECONDS",
              help="Stop the query after this long (default 0: no limit; Ctrl-C stops it too).")
@_errors_to_click
def query(sparql, query_file, name, params, list_queries, graph_dir, fmt, timeout) -> None:
    """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query, or a named query, over a built graph.

    Prefixes kg:, id:, rdf:, rdfs:, skos:, dcterms:, xsd: and owl: are predeclared.
    Updates (INSERT, DELETE, LOAD, CLEAR ...) are refused.

    \b
    Examples:
      kg query --graph out 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      kg query --list
      kg query --graph out --name parks-of-district --param district=寒亭区
      kg query --graph out --name projects-over --format csv
      kg query --graph out --name documents --param limit=0 --format csv

    Listing queries print their first 100 rows (a note on stderr says when
    more were left out); --param limit=N changes that, limit=0 prints all.
    The query runs in a process of its own that cannot reach the network;
    federated queries (SERVICE) are refused.
    """
    from . import query as q
    from .engine import Job, run_once

    if list_queries:
        if sparql or query_file or name or params:
            raise click.UsageError("--list takes no query")
        click.echo(q.describe_named(), nl=False)
        return
    if sum(map(bool, (sparql, query_file, name))) != 1:
        raise click.UsageError("give a SPARQL string, -f FILE or --name NAME (one of them)")
    bindings = _params(params)
    if name:
        q.named_bindings(q.named(name), bindings)     # bad names and parameters fail before opening the graph
        job = Job(name=name, params=bindings, fmt=fmt)
    else:
        job = Job(sparql=sparql if sparql else _read_query(query_file), bindings=bindings or None, fmt=fmt)
    answer = run_once(graph_dir, job, timeout)
    click.echo(answer.text, nl=bool(answer.text) and not answer.text.endswith("\n"))  # one final newline
    if answer.note:
        click.echo(answer.note, err=True)


def _read_query(path: Path) -> str:
    """The text of a query file, which must be UTF-8."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                                   "save the query as UTF-8") from None


@cli.command()
@_graph_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; others expose the graph to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port to listen on.")
@click.option("--timeout", type=click.FloatRange(min=0), default=30, show_default=True, metavar="SECONDS",
              help="Stop a query after this long and answer 503 (0: no limit).")
@click.option("--cors-origin", "cors", multiple=True, default=["*"], show_default=True, metavar="ORIGIN",
              help="Origin whose pages may read the answers (a SPARQL editor's, e.g. https://yasgui.triply.cc); "
                   "repeat it for several; * for any, none for no other origin.")
@_errors_to_click
def serve(graph_dir, host, port, timeout, cors) -> None:
    """Serve a built graph as a read-only SPARQL endpoint (/sparql) with its HTML view (/).

    Queries run in worker processes that cannot reach the network; updates and
    federated queries (SERVICE) are refused. GET /sparql alone describes the service.
    Pages of any origin may read the answers (CORS) unless --cors-origin names them.

    \b
    Example:
      kg serve --graph out --port 7878
      kg serve --graph out --cors-origin https://yasgui.triply.cc
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql?query=SELECT%20*%20WHERE%20%7B?s%20?p%20?o%7D%20LIMIT%205'
    """
    from .serve import serve as run_server

    run_server(graph_dir, host, port, timeout=timeout or None, cors=cors)


@cli.command()
@_graph_option
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL of the store, e.g. Fuseki http://HOST:3030/ds/data, "
                   "GraphDB http://HOST:7200/repositories/R/rdf-graphs/service, "
                   "Virtuoso http://HOST:8890/sparql-graph-crud, Oxigraph http://HOST:7878/store.")
@click.option("--graph-iri", metavar="IRI", default=None,
              help="Named graph to replace (default: the store's default graph).")
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
              help="gsp: Graph Store PUT only; update: SPARQL Update only; auto: PUT, then Update if refused.")
@click.option("--update-endpoint", metavar="URL", default=None,
              help="SPARQL Update URL (default: derived from --endpoint).")
@click.option("--user", metavar="NAME", envvar="KG_PUSH_USER", default=None,
              help="User name for the store (env KG_PUSH_USER); the password comes from KG_PUSH_PASSWORD, "
                   "else a prompt. Or put them in the URL: http://USER:PASSWORD@HOST/... (percent-encoded).")
@_errors_to_click
def push(graph_dir, endpoint, graph_iri, protocol, update_endpoint, user) -> None:
    """Load a built graph into an external SPARQL store, replacing the target graph.

    Credentials go as HTTP Basic (use https), or Digest when the store asks for it;
    kg shows every URL with its password as ***. With --protocol update the graph is
    loaded into a temporary graph and swapped in at the end: a failure leaves the
    target as it was.

    \b
    Examples:
      kg push --graph out --endpoint http://localhost:3030/ds/data --graph-iri https://example.org/g/news
      KG_PUSH_PASSWORD=... kg push --graph out --endpoint http://localhost:3030/ds/data --user admin
    """
    import os

    from .push import push as run_push
    from .push import url_credentials

    password = os.environ.get("KG_PUSH_PASSWORD")
    url_user, url_password = url_credentials(endpoint)
    if (user or url_user) and url_password is None and password is None:
        try:
            password = click.prompt(f"Password of {user or url_user} at the store", hide_input=True, err=True)
        except click.Abort:         # nothing to read it from: kg.push says how else to give it
            pass
    r = run_push(graph_dir, endpoint, graph_iri, protocol=protocol, update_endpoint=update_endpoint,
                 user=user, password=password)
    how = "Graph Store PUT" if r.protocol == "gsp" else f"SPARQL Update ({r.requests} request(s))"
    click.echo(f"pushed {r.triples} triples into {r.graph_iri or 'the default graph'} at {r.endpoint} "
               f"by {how} in {r.seconds:.1f} s", err=True)


@cli.command()
@_graph_option
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Print at most this many (0: all).")
@_errors_to_click
def validate(graph_dir, limit) -> None:
    """Check the whole of a built graph (entities, relations, documents and all their evidence)
    against kg's SHACL shapes; exit 1 when anything breaks them.

    A build checks only its entity layer; this checks every triple.

    \b
    Example:
      kg validate --graph out
    """
    from .store import open_graph
    from .validate import validate as run_validate

    report = run_validate(open_graph(graph_dir), progress=True)
    shown = report.messages if not limit else report.messages[:limit]
    for message in shown:
        click.echo(message)
    if report.conforms:
        click.echo(f"{graph_dir}: the whole graph ({report.triples:,} triples: entities, relations, documents and "
                   f"evidence) conforms to kg's {report.shapes} SHACL shapes", err=True)
        return
    more = f" ({len(report.violations) - len(shown)} more not shown)" if len(shown) < len(report.violations) else ""
    raise click.ClickException(f"{len(report.violations)} violation(s) of kg's {report.shapes} SHACL shapes in the "
                               f"whole graph in {graph_dir} ({report.triples:,} triples){more}")


def _export_formats() -> list[str]:
    from .export import EXPORTERS

    return list(EXPORTERS)


@cli.command()
@_graph_option
@click.option("--format", "fmt", required=True, type=click.Choice(_export_formats()),
              help="ttl, nt, jsonld (RDF); graphml, gexf (entities and relations); neo4j-csv (a folder).")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (default: stdout); a folder for neo4j-csv.")
@_errors_to_click
def export(graph_dir, fmt, output) -> None:
    """Export a built graph to another format.

    \b
    Examples:
      kg export --graph out --format gexf -o graph.gexf
      kg export --graph out --format neo4j-csv -o neo4j/
    """
    from .export import EXPORTERS
    from .export import export as run_export
    from .store import open_graph

    if EXPORTERS[fmt].folder and output is None:
        raise click.UsageError(f"--format {fmt} writes a folder: give -o FOLDER")
    graph = open_graph(graph_dir)
    if output is None:
        try:
            with click.open_file("-", "wb") as stream:
                run_export(graph, fmt, stream)
                stream.flush()
        except BrokenPipeError:          # `kg export ... | head`: stop quietly
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    else:
        run_export(graph, fmt, output)
        click.echo(f"wrote {output}", err=True)


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
    from .pipeline import register_output
    from .store import open_graph

    path = v.write_view(open_graph(graph_dir), graph_dir, output=output, focus=focus, depth=depth,
                        settings=load_settings())
    register_output(graph_dir, path, view={"focus": focus, "depth": depth})    # a rebuild writes it again
    click.echo(str(path))
    if open_browser:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
