"""The pages ``kg viz`` wrote into OUT (focus-*.html, or any ``-o`` file in OUT): the user's views,
which a build carries over into the new OUT instead of replacing them with the rest.

Each page is copied into the work folder before the swap; a page whose arguments OUT's marker
records (``register_output``) is then written again from the new graph, by the same function as
``kg viz``, so that it shows what OUT now holds. A page without recorded arguments (an older kg
wrote it), or whose focus the new graph no longer has, is kept as it was, with a warning that it
shows the previous graph. A page written into OUT while the build ran keeps the previous OUT
beside the new one (``outfolder._discard``).
"""
from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import KGError
from .outfolder import cannot_write, file_stamp, read_marker, views_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Carried:
    """A kg viz page carried into the new OUT: ``args`` made it (None when unknown); ``redone`` when
    it was written again from the new graph, else ``why`` not."""

    name: str
    args: dict | None
    stamp: list[int] | None         # [size, mtime_ns] of the page in OUT when it was carried
    redone: bool = False
    why: str = ""


def carry_views(out: Path, tmp: Path, settings) -> list[Carried]:
    """Copy the kg viz pages of ``out`` into the work folder ``tmp`` and write again those whose
    arguments are known, from the graph in ``tmp``; returns what was carried, by name."""
    if not out.is_dir():
        return []
    names = views_of(out)
    if not names:
        return []
    recorded = (read_marker(out) or {}).get("views")
    recorded = recorded if isinstance(recorded, dict) else {}
    carried, graph = [], None
    try:
        for name in names:
            stamp = file_stamp(out / name)
            try:
                _copy(out / name, tmp / name)
            except OSError as exc:
                raise cannot_write(tmp, exc) from exc
            args = _args(recorded.get(name))
            if args is None or not (tmp / name).is_file() or (tmp / name).is_symlink():
                carried.append(Carried(name, None, stamp, why="kg does not know how it was made"))
                continue
            if graph is None:
                from ..store import open_graph

                graph = open_graph(tmp)
            why = _redo(graph, tmp, name, args, settings)
            carried.append(Carried(name, args, stamp, redone=not why, why=why.replace(str(tmp), str(out))))
    finally:
        if graph is not None:
            graph.close()            # the store is renamed with its folder next
    return carried


def recorded_views(carried: list[Carried]) -> dict:
    """The marker's ``views`` of the new OUT: the arguments of each carried page that has them."""
    return {c.name: c.args for c in carried if c.args is not None}


def stamps(carried: list[Carried]) -> dict:
    """name -> [size, mtime_ns] of each page in OUT when it was carried (``swap_in``'s ``carried``)."""
    return {c.name: c.stamp for c in carried}


def say_carried(out: Path, carried: list[Carried]) -> None:
    """One line per page carried over: written again from the new graph, or kept as it was and why."""
    for c in carried:
        if c.redone:
            focus = f"--focus {c.args['focus']} --depth {c.args['depth']}" if c.args["focus"] is not None else ""
            log.info("wrote %s again from the new graph%s", out / c.name, f" ({focus})" if focus else "")
        else:
            redo = command(out, c.name, c.args) if c.args else f"kg viz --graph {out} --focus LABEL -o {out / c.name}"
            log.warning("kept %s as it was: it shows the graph of the previous build (%s); to show this one: %s",
                        out / c.name, c.why, redo)


def command(out: Path, name: str, args: dict | None) -> str:
    """The kg viz command that writes the page ``name`` of ``out`` with ``args``."""
    focus = f" --focus {args['focus']} --depth {args['depth']}" if args and args["focus"] is not None else ""
    return f"kg viz --graph {out}{focus} -o {out / name}"


def _args(value) -> dict | None:
    """A page's recorded arguments, or None when the marker holds none that kg viz could take."""
    if not isinstance(value, dict):
        return None
    focus, depth = value.get("focus"), value.get("depth")
    if not (focus is None or isinstance(focus, str)) or not (isinstance(depth, int) and depth >= 0) \
            or isinstance(depth, bool):
        return None
    return {"focus": focus, "depth": depth}


def _redo(graph, tmp: Path, name: str, args: dict, settings) -> str:
    """Write the page ``name`` again from ``graph`` (kg viz's ``write_view``) into ``tmp``, replacing
    its copy only once complete; returns "" or why it could not be written again."""
    from ..viz import write_view

    fresh = tmp / f".{name}.{os.getpid()}.tmp"        # outfolder._OWN_TEMP: not a page of its own
    try:
        write_view(graph, tmp, output=fresh, focus=args["focus"], depth=args["depth"], settings=settings)
        os.replace(fresh, tmp / name)
    except KGError as exc:
        return str(exc)
    finally:
        fresh.unlink(missing_ok=True)
    return ""


def _copy(src: Path, dst: Path) -> None:
    """Copy a page (or whatever the user made of that name: a link stays a link, a folder is copied)."""
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, symlinks=True)
    else:
        shutil.copy2(src, dst, follow_symlinks=False)
