"""Walking the corpus: the article files under the files and folders given, and ``Skipped`` for the rest.

Listing never stops a build: folders are walked in a loop (any depth), links to
folders are followed once, and a link loop or a folder that cannot be listed
becomes a ``Skipped`` with the reason. Paths are shown as valid UTF-8 (the bytes
of a name that is not UTF-8 escaped as ``\\xNN``) in every output.
"""
from __future__ import annotations

import errno
import heapq
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import CorpusError
from ..records import Skipped

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")

def _as_list(paths: Sequence[str | os.PathLike] | str | os.PathLike) -> list[Path]:
    """``paths`` as a list of Path; a single path is accepted too (a str is not a list of paths)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return [Path(p) for p in paths]


_LINK_LOOP = "cannot read: symbolic link loop (the link leads back to itself)"


def _check_named(p: Path) -> None:
    """Raise CorpusError for a path given that cannot be read at all (before anything is read)."""
    try:
        os.stat(p)
    except (OSError, ValueError) as exc:
        if os.path.islink(p):
            raise CorpusError(f"{p}: a symbolic link that leads nowhere "
                              "(its target is missing, or it leads back to itself)") from None
        if isinstance(exc, OSError) and not isinstance(exc, (FileNotFoundError, NotADirectoryError)):
            raise CorpusError(f"{p}: {cannot_read(exc)}") from None
        raise CorpusError(f"{p}: no such file or folder") from None
    if os.path.isdir(p):
        try:
            os.scandir(p).close()
        except OSError as exc:
            raise CorpusError(f"{p}: {_list_reason(p, exc)}") from None


def _walk(paths) -> Iterator[tuple[Path, Path, bool] | Skipped]:
    """(file, root, named explicitly) for every non-hidden file under ``paths``, each folder sorted;
    ``Skipped`` for what cannot be walked (a folder that cannot be listed, a link loop)."""
    items = _as_list(paths)
    for p in items:                      # check them all before yielding anything
        _check_named(p)
    seen: set[str] = set()
    for p in items:
        if os.path.isdir(p):
            for entry in _walk_folder(p):
                if isinstance(entry, Skipped):
                    yield entry
                    continue
                real = os.path.realpath(entry)
                if real not in seen:
                    seen.add(real)
                    yield entry, p, False
        else:
            real = os.path.realpath(p)
            if real not in seen:
                seen.add(real)
                yield p, p.parent, True


def _walk_folder(root: Path) -> Iterator[Path | Skipped]:
    """Every non-hidden file under ``root``, and ``Skipped`` for what cannot be walked, by relative path.

    A loop, not a recursion: a tree of any depth is walked (folders whose path is longer than the
    system opens are skipped with the reason). Each folder is listed once (by device and inode);
    links to folders are followed once the real folders are listed, unless they lead to a folder
    listed already or to one that holds them (a loop).
    """
    found: list[tuple[tuple[str, ...], Path | Skipped]] = []
    st = os.stat(root)
    listed: dict[tuple[int, int], tuple[str, ...]] = {(st.st_dev, st.st_ino): ()}
    folders: list[tuple[str, ...]] = [()]
    links: list[tuple[str, ...]] = []          # a heap: followed in order of their paths
    while folders or links:
        if not folders:
            parts = heapq.heappop(links)
            skip = _follow(root, parts, listed)
            if skip:
                found.append((parts, skip))
            else:
                folders.append(parts)
            continue
        parts = folders.pop()
        folder = root.joinpath(*parts)
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            found.append((parts, Skipped(_shown(parts), _list_reason(folder, exc))))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = parts + (entry.name,)
            kind = _kind(entry)
            if kind == "file":
                found.append((sub, Path(entry.path)))
            elif kind == "loop":
                found.append((sub, Skipped(_shown(sub), _LINK_LOOP)))
            elif kind == "link":
                heapq.heappush(links, sub)
            else:
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError as exc:      # its path is too long for the system, or it is gone
                    found.append((sub, Skipped(_shown(sub), _list_reason(Path(entry.path), exc))))
                    continue
                where = listed.setdefault((st.st_dev, st.st_ino), sub)
                if where == sub:
                    folders.append(sub)
                else:            # a bind mount of a folder listed already
                    found.append((sub, Skipped(_shown(sub), f"same folder as {_where(where)}, "
                                                            "read already; not read twice")))
    found.sort(key=lambda item: item[0])
    for _, item in found:
        yield item


def _kind(entry: os.DirEntry) -> str:
    """'file', 'folder', 'link' (to a folder) or 'loop' (a link that leads back to itself)."""
    try:
        if entry.is_symlink():
            try:
                st = os.stat(entry.path)
            except OSError as exc:
                return "loop" if exc.errno == errno.ELOOP else "file"   # a dangling link: the reader says so
            return "link" if stat.S_ISDIR(st.st_mode) else "file"
        return "folder" if entry.is_dir(follow_symlinks=False) else "file"
    except OSError:
        return "file"                    # gone since it was listed: the reader says so


def _follow(root: Path, parts: tuple[str, ...], listed: dict) -> Skipped | None:
    """None when the link to a folder ``parts`` is to be walked (noted in ``listed``), else why not."""
    link = root.joinpath(*parts)
    try:
        st = os.stat(link)
        target, holder = os.path.realpath(link), os.path.realpath(link.parent)
    except OSError as exc:
        return Skipped(_shown(parts), _list_reason(link, exc))
    key = (st.st_dev, st.st_ino)
    if holder == target or holder.startswith(target.rstrip(os.sep) + os.sep):
        where = _where(listed[key]) if key in listed else _display(target)
        return Skipped(_shown(parts), f"symbolic link loop: leads back to {where}, a folder that holds it; "
                                      "not followed")
    if key in listed:
        return Skipped(_shown(parts), f"symbolic link to a folder read already ({_where(listed[key])}); "
                                      "not read twice")
    listed[key] = parts
    return None


def _where(parts: tuple[str, ...]) -> str:
    return _shown(parts) if parts else "the corpus folder"


def _list_reason(folder: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot list folder: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "cannot list folder: the folder is gone"
    if exc.errno == errno.ENAMETOOLONG:
        return f"cannot list folder: file name too long ({len(os.fsencode(folder)):,} bytes)"
    return f"cannot list folder: {(exc.strerror or str(exc)).lower()}"


def _display(name: str) -> str:
    """``name`` as reports, document ids and the graph show it: bytes that are not UTF-8 (a file
    named in GBK) escaped as ``\\xNN``, so that every output stays valid UTF-8."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _shown(parts: tuple[str, ...]) -> str:
    return _display("/".join(parts))


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes, as the file system names it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def relative_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` as ``Document.path`` and ``Skipped.path`` show it (see ``_display``)."""
    return _display(_relative(Path(path), Path(root)))


def iter_entries(paths: Sequence[str | Path]) -> Iterator[tuple[Path, Path] | Skipped]:
    """What the read stage will do with each file: a ``(file, root)`` pair to read, or ``Skipped``.

    Files found in folders whose extension is not an article's are reported as
    skipped, and so are folders that cannot be listed and link loops; a file
    named explicitly is always read (tried as text).

    Raises:
        CorpusError: a path does not exist, leads nowhere or cannot be listed (checked before
            anything is yielded).
    """
    for entry in _walk(paths):
        if isinstance(entry, Skipped):
            yield entry
            continue
        file, root, explicit = entry
        suffix = file.suffix.lower()
        if explicit or suffix in ARTICLE_SUFFIXES:
            yield file, root
        else:
            what = suffix or "no extension"
            yield Skipped(path=relative_path(file, root),
                          reason=f"not an article file ({what}); kg reads .txt, .md and .html")


def iter_files(paths: Sequence[str | Path]) -> Iterator[tuple[Path, Path]]:
    """Each article file under the given files and folders, as ``(file, root)``.

    ``root`` is the folder given (or the file's parent for a file given
    directly); files come in the order of ``paths``, each folder sorted by
    relative path; dot-named files and folders are left out, and so are
    files of other extensions found in folders (``iter_entries`` reports those).

    Raises:
        CorpusError: ``"<path>: no such file or folder"``.
    """
    for entry in iter_entries(paths):
        if not isinstance(entry, Skipped):
            yield entry


def document_path(path: Path, root: Path) -> tuple[str, str | None]:
    """``path`` as ``Document.path`` shows it (see ``relative_path``) and, when its name is not
    UTF-8, the warning its document carries."""
    named = _relative(path, root)
    shown = _display(named)
    return shown, (None if shown == named else _name_warning(named))


def _name_warning(named: str) -> str:
    """What a document whose path is not UTF-8 is told: how it is shown, and how GB18030 reads it."""
    try:
        reading = f" (as GB18030 it reads {named.encode('utf-8', 'surrogateescape').decode('gb18030')})"
    except UnicodeError:
        reading = ""
    return (f"file name is not UTF-8: shown with its bytes escaped as \\xNN{reading}; "
            "rename it in UTF-8 to show its name")


def cannot_read(exc: OSError) -> str:
    """Why a file could not be read, in plain English (also for a path given that cannot be read)."""
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "cannot read: the file is gone"
    return f"cannot read: {(exc.strerror or str(exc)).lower()}"
