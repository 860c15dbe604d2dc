"""Generate kg/data/coordinates.tsv.gz: a longitude and latitude for every province, city and county.

Source: ``cpca/resources/adcodes.csv`` of the PyPI package cpca (MIT licence, pinned below with its
wheel's sha256): longitude and latitude, as cpca ships them, of ~3,200 divisions' seats. The script
reads the file out of the wheel that ``pip download`` fetches into a temporary folder (cpca is no
dependency of kg, not even at development time), matches it against kg's own division table
(divisions.tsv.gz, NBS 2023) and writes one row per province, city and county of that table:
``code<TAB>longitude<TAB>latitude<TAB>how``, degrees with three decimals (~100 m), where ``how`` is

- ``code``: cpca has the code;
- ``name``: the code is newer than cpca's data (a county that became a district or a city:
  肥乡县 130428 -> 肥乡区 130407), and cpca has, under an old code of the same province that
  kg's table no longer has, the same name or the same name but for its suffix;
- ``parent``: neither: the seat of the nearest division above it that has one (the NBS statistical
  areas, development zones with codes ending 71-79, sit at their city's seat).

Towns are left out: their code's first six digits name their county (or city). The file is gzip
with mtime 0, so the same wheel gives the same bytes. Usage::

    python scripts/gen_coordinates.py                 # pip download cpca, write kg/data/coordinates.tsv.gz
    python scripts/gen_coordinates.py --wheel W.whl   # a wheel already downloaded
    python scripts/gen_coordinates.py --check         # exit 1 when the file differs from what cpca gives
"""
from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

PACKAGE, VERSION = "cpca", "0.5.5"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
SHA256 = "1635b589506b3e28424032bce61d2488e1f6fac1034a736014e70e043f824fe6"
MEMBER = "cpca/resources/adcodes.csv"
DATA = Path(__file__).resolve().parents[1] / "kg" / "data"
HEADER = (
    f"# source: PyPI {PACKAGE}=={VERSION} ({WHEEL} sha256 {SHA256[:12]}…), {MEMBER}, MIT licence, "
    "Copyright (c) 2018 QinYuan Du; matched to divisions.tsv.gz by scripts/gen_coordinates.py",
    "# columns: code, longitude, latitude (degrees, as cpca ships them), how (code: cpca's row of the code; "
    "name: cpca's row of the same name under an older code; parent: the seat of the division above it)",
)
# suffixes that a renamed county changes (县 -> 区, 县 -> 市), longest first
SUFFIXES = ("自治县", "自治旗", "林区", "特区", "县", "市", "区", "旗")


def fetch(into: Path) -> Path:
    """``pip download`` the pinned wheel into ``into``; its sha256 checked."""
    subprocess.run([sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps",
                    "--only-binary", ":all:", "-d", str(into), "-q"], check=True)
    return into / WHEEL


def read_adcodes(wheel: Path) -> dict[str, tuple[str, float, float]]:
    """cpca's rows with coordinates: 6-digit code -> (name, longitude, latitude)."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"error: {wheel} has sha256 {digest}, expected {SHA256} ({PACKAGE}=={VERSION}): "
                 "pass the pinned wheel or update VERSION and SHA256 in this script")
    with zipfile.ZipFile(wheel) as z:
        text = z.read(MEMBER).decode("utf-8")
    rows = {}
    for r in csv.DictReader(io.StringIO(text)):
        if r["longitude"] and r["latitude"]:
            rows[r["adcode"][:6]] = (r["name"], float(r["longitude"]), float(r["latitude"]))
    return rows


def read_divisions(path: Path = DATA / "divisions.tsv.gz") -> list[tuple[str, str, str, str]]:
    """kg's provinces, cities and counties: (code, name, level, parent), in code order."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        rows = [tuple(line.rstrip("\n").split("\t")) for line in fh if not line.startswith("#")]
    return [r for r in rows if r[2] != "town"]


def stem(name: str) -> str:
    """平泉县, 平泉市 -> 平泉: the name without the suffix a renaming changes (two characters kept at least)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def match(divisions, adcodes) -> list[tuple[str, float, float, str]]:
    """(code, longitude, latitude, how) for each division (see the module's docstring)."""
    current = {code for code, *_ in divisions}
    old = {}                                  # (province, name or stem) -> old codes of cpca
    for code, (name, _, _) in adcodes.items():
        if code not in current:
            for key in {name, stem(name)}:
                old.setdefault((code[:2], key), []).append(code)
    placed: dict[str, tuple[float, float, str]] = {}
    for code, name, _, parent in divisions:       # parents come first: codes sort them before
        if code in adcodes:
            placed[code] = (*adcodes[code][1:], "code")
            continue
        found = old.get((code[:2], name)) or old.get((code[:2], stem(name))) or []
        if len(found) == 1:
            placed[code] = (*adcodes[found[0]][1:], "name")
        elif parent in placed:
            placed[code] = (*placed[parent][:2], "parent")
    return [(code, *placed[code]) for code, *_ in divisions if code in placed]


def text(rows) -> str:
    return "\n".join([*HEADER, *(f"{c}\t{lon:.3f}\t{lat:.3f}\t{how}" for c, lon, lat, how in rows)]) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help=f"the {WHEEL} to read (default: pip download it)")
    ap.add_argument("--out", type=Path, default=DATA / "coordinates.tsv.gz")
    ap.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        adcodes = read_adcodes(a.wheel or fetch(Path(tmp)))
    divisions = read_divisions()
    rows = match(divisions, adcodes)
    new = gzip.compress(text(rows).encode("utf-8"), compresslevel=9, mtime=0)
    if a.check:
        if not a.out.exists() or a.out.read_bytes() != new:
            print(f"{a.out} differs from what {PACKAGE} {VERSION} gives: rerun scripts/gen_coordinates.py")
            return 1
        return 0
    a.out.write_bytes(new)
    levels = {code: level for code, _, level, _ in divisions}
    counts = Counter((levels[c], how) for c, *_, how in rows)
    missing = len(divisions) - len(rows)
    print(f"wrote {a.out} ({len(new):,} bytes): {dict(sorted(counts.items()))}; without coordinates: {missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
