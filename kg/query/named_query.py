"""Named queries: kg/queries/<name>.rq, their parameters and their row limits.

The header comment of a .rq file gives a one-line description and the parameters::

    # parks of a district, including those inside its towns and parks
    # param: district (label) name or alias of the district, e.g. 青禾县
    # param: relation? (relation) optional: ...
    # param: limit? (limit) at most this many rows (default 100; 0 for all)

A ``?`` after the name makes the parameter optional (left unbound when not given).
A parameter used in a FILTER must be used in the group its VALUES is in.
A ``limit`` parameter sets the number in the query's one LIMIT clause (whose
number is the default); ``run_named`` marks a result cut by it as ``truncated``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import XSD, Literal, URIRef

from ..errors import QueryError
from ..terms import ENTITY_TYPES, PREFIXES, RELATIONS
from ..vocab import KG
from .text import BAD_IRI, bind, code_only, cut

PARAM_TYPES = ("label", "amount", "relation", "type", "iri", "integer", "string", "limit")
_PARAM_LINE = re.compile(r"#\s*param:\s*(?P<name>[A-Za-z_]\w*)(?P<opt>\?)?\s*\((?P<type>\w+)\)\s*(?P<desc>.*)")


@dataclass(frozen=True)
class Param:
    """A parameter of a named query."""

    name: str
    type: str                 # one of PARAM_TYPES
    description: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped as kg/queries/<name>.rq."""

    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str
    limit: int | None = None  # rows by default (the number of its LIMIT clause), when it has a limit parameter

    @property
    def limit_param(self) -> Param | None:
        """The parameter of type ``limit``, if any."""
        return next((p for p in self.params if p.type == "limit"), None)


_LIMIT = re.compile(r"(?<![?$\w:])LIMIT\s+(\d+)", re.IGNORECASE)


def _limit_clause(code: str) -> list[re.Match]:
    """The LIMIT clauses of a query's code (comments and strings blanked)."""
    return list(_LIMIT.finditer(code))


def parse_named(name: str, text: str) -> NamedQuery:
    """Read the header comment of a .rq file: first comment line = description, ``# param:`` lines."""
    description = ""
    params: list[Param] = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        if not s.startswith("#"):
            break
        m = _PARAM_LINE.fullmatch(s)
        if m:
            if m.group("type") not in PARAM_TYPES:
                raise QueryError(f"kg/queries/{name}.rq: parameter {m.group('name')} has unknown type "
                                 f"{m.group('type')} (valid: {', '.join(PARAM_TYPES)})")
            params.append(Param(m.group("name"), m.group("type"), m.group("desc").strip(), bool(m.group("opt"))))
        elif not description and not s.startswith("#!"):
            description = s.lstrip("#").strip()
    limit = None
    limits = [p for p in params if p.type == "limit"]
    if limits:
        clauses = _limit_clause(code_only(text))
        if len(limits) > 1 or len(clauses) != 1 or not limits[0].optional:
            raise QueryError(f"kg/queries/{name}.rq: a limit parameter must be optional and unique, and the "
                             f"query needs exactly one LIMIT clause (its default); found {len(clauses)}")
        limit = int(clauses[0].group(1))
    return NamedQuery(name, description, tuple(params), text, limit)


_NAMED: dict[str, NamedQuery] | None = None


def named_queries() -> dict[str, NamedQuery]:
    """The named queries shipped with kg, by name (sorted)."""
    global _NAMED
    if _NAMED is None:
        from .. import resources

        _NAMED = {n: parse_named(n, resources.read_text("queries", f"{n}.rq"))
                  for n in resources.names("queries", ".rq")}
    return _NAMED


def named(name: str) -> NamedQuery:
    """One named query. Raises QueryError naming the valid ones when ``name`` is unknown."""
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; valid: {', '.join(queries)} (see: kg query --list)")
    return queries[name]


def describe_named() -> str:
    """The listing printed by ``kg query --list``."""
    lines = []
    for nq in named_queries().values():
        lines.append(f"{nq.name}: {nq.description}")
        for p in nq.params:
            opt = " (optional)" if p.optional else ""
            lines.append(f"    --param {p.name}=<{p.type}>{opt}  {p.description}")
    return "\n".join(lines) + "\n"


MAX_LIMIT = 10**9            # rows a limit parameter may ask for (Oxigraph's own bound is 2**64)
_AMOUNT = re.compile(r"(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)\s*(?P<unit>万亿|亿|万|千)?\s*元?")
_UNITS = {None: 1, "千": 10**3, "万": 10**4, "亿": 10**8, "万亿": 10**12}


def parse_amount(text: str) -> Decimal:
    """An amount of money in yuan: ``1200000000``, ``12亿``, ``12亿元``, ``3000万``, ``1.2e9``."""
    m = _AMOUNT.fullmatch(text.strip())
    if not m:
        raise ValueError("expected a number of yuan, optionally with 万, 亿 or 元, e.g. 10亿 or 1000000000")
    try:
        return Decimal(m.group("num").replace(",", "")) * _UNITS[m.group("unit")]
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError("not a number") from exc


def _convert(param: Param, raw: str):
    value = raw.strip()
    if param.type == "label":
        if not value:
            raise ValueError("empty label")
        return Literal(value, lang="zh")
    if param.type == "amount":
        return Literal(parse_amount(value), datatype=XSD.decimal)
    if param.type == "relation":
        if value not in RELATIONS:
            raise ValueError(f"expected one of {', '.join(RELATIONS)}")
        return KG[value]
    if param.type == "type":
        if value not in ENTITY_TYPES:
            raise ValueError(f"expected one of {', '.join(ENTITY_TYPES)}")
        return KG[value]
    if param.type == "iri":
        for prefix, ns in PREFIXES.items():
            if value.startswith(prefix + ":") and not value.startswith(prefix + "://"):
                value = ns + value[len(prefix) + 1:]
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or BAD_IRI.search(value):
            raise ValueError("expected an IRI such as https://w3id.org/kg-cn/id/e/... or id:e/...")
        return URIRef(value)
    if param.type == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise ValueError("expected an integer") from None
    if param.type == "limit":
        if not re.fullmatch(r"[0-9]{1,10}", value) or int(value) > MAX_LIMIT:
            raise ValueError(f"expected a number of rows up to {MAX_LIMIT}, or 0 for all of them")
        return int(value)
    return Literal(value)


def named_bindings(nq: NamedQuery, params: dict[str, str]) -> dict:
    """Check and convert the ``key=value`` parameters of a named query into rdflib terms (a limit: an int).

    Raises:
        QueryError: an unknown or missing parameter, or a value of the wrong kind.
    """
    known = {p.name: p for p in nq.params}
    unknown = sorted(set(params) - set(known))
    if unknown:
        valid = ", ".join(known) or "none"
        raise QueryError(f"query {nq.name} has no parameter {', '.join(unknown)} (parameters: {valid})")
    missing = [p.name for p in nq.params if not p.optional and p.name not in params]
    if missing:
        usage = " ".join(f"--param {p.name}=..." for p in nq.params if not p.optional)
        raise QueryError(f"query {nq.name} needs {', '.join(missing)}: {usage}")
    out = {}
    for name, raw in params.items():
        try:
            out[name] = _convert(known[name], raw)
        except ValueError as exc:
            raise QueryError(f"query {nq.name}: parameter {name}={cut(raw, 40)!r} is invalid: {exc}") from None
    return out


def named_text(nq: NamedQuery, params: dict[str, str]) -> tuple[str, int | None]:
    """The SPARQL that runs for named query ``nq`` with ``params``, and its row limit (None: all rows).

    Parameters are bound (``bind``); a limit N becomes ``LIMIT N+1``, so that a
    result with more rows shows it, and 0 drops the clause.

    Raises:
        QueryError: as ``named_bindings``.
    """
    values = named_bindings(nq, params)
    text, limit = nq.sparql, None
    lp = nq.limit_param
    if lp is not None:
        limit = values.pop(lp.name, nq.limit) or None
        clause = _limit_clause(code_only(text))[0]
        text = text[:clause.start()] + (f"LIMIT {limit + 1}" if limit else "") + text[clause.end():]
    return bind(text, values), limit
