"""Extraction quality on real text: build each fold of bench/realdev (and the other gold sets) and score it.

The scorer is bench/score.py (a copy of the evaluation's, so the project owns its benchmark). Prints
per set the entity and relation precision, recall and F1 and each type's, then the mean over the
realdev folds. Usage::

    .venv/bin/python bench/eval_real.py                 # realdev a, c, d
    .venv/bin/python bench/eval_real.py a seeds devset3 --errors
    .venv/bin/python bench/eval_real.py --json /tmp/scores.json
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import score as scorer  # noqa: E402  (bench/score.py)

SETS = {
    "a": (BENCH / "realdev/a/corpus", BENCH / "realdev/a/gold.json"),
    "c": (BENCH / "realdev/c/corpus", BENCH / "realdev/c/gold.json"),
    "d": (BENCH / "realdev/d/corpus", BENCH / "realdev/d/gold.json"),
    "seeds": (ROOT / "corpus", ROOT / "tests/fixtures/seed_gold.json"),
    "devset": (BENCH / "devset/articles", BENCH / "devset/gold.json"),
    "devset2": (BENCH / "devset2/articles", BENCH / "devset2/gold.json"),
    "devset3": (BENCH / "devset3/articles", BENCH / "devset3/gold.json"),
}
REALDEV = ("a", "c", "d")


def score_set(name: str, work: Path) -> dict:
    """Build set ``name`` into ``work``/name and score its graph.ttl against its gold."""
    from kg.pipeline import build
    from kg.settings import Settings

    corpus, gold = SETS[name]
    out = work / name
    build([corpus], out, Settings(jobs=1, cache=False, validate=False))
    entities, edges = scorer.read_graph(str(out / "graph.ttl"))
    return scorer.score(entities, edges, json.loads(gold.read_text(encoding="utf-8")))


def table(results: dict[str, dict]) -> str:
    """Entity and relation F1 per set, with each type's precision / recall."""
    types = scorer.TYPES
    head = f"{'set':8} {'ent P':>6} {'ent R':>6} {'ent F1':>6} {'rel P':>6} {'rel R':>6} {'rel F1':>6}  " + \
           "  ".join(f"{t[:8]:>11}" for t in types)
    lines = [head, f"{'':8} {'':>41}  " + "  ".join(f"{'P / R':>11}" for _ in types)]
    for name, r in results.items():
        e, rel = r["entities"], r["relations"]
        per = "  ".join(f"{r['entities_by_type'][t]['precision']:.2f} / {r['entities_by_type'][t]['recall']:.2f}"
                        for t in types)
        lines.append(f"{name:8} {e['precision']:6.3f} {e['recall']:6.3f} {e['f1']:6.3f} "
                     f"{rel['precision']:6.3f} {rel['recall']:6.3f} {rel['f1']:6.3f}  {per}")
    real = [results[n] for n in REALDEV if n in results]
    if len(real) > 1:
        mean = {k: sum(r[k]["f1"] for r in real) / len(real) for k in ("entities", "relations")}
        lines.append(f"realdev mean: entity F1 {mean['entities']:.3f}, relation F1 {mean['relations']:.3f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", default=list(REALDEV), help=f"any of {', '.join(SETS)}")
    ap.add_argument("--errors", action="store_true", help="list every error of each set")
    ap.add_argument("--json", type=Path, help="write the full results here")
    a = ap.parse_args(argv)
    unknown = [s for s in a.sets if s not in SETS]
    if unknown:
        ap.error(f"unknown set(s) {', '.join(unknown)}; valid: {', '.join(SETS)}")
    import logging

    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: score_set(name, Path(tmp)) for name in a.sets}
    print(table(results))
    if a.errors:
        for name, r in results.items():
            for kind, items in r["errors"].items():
                print(f"\n[{name}] {kind}: {len(items)}")
                print("\n".join(f"    {item}" for item in items))
    if a.json:
        a.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
