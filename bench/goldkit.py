"""Helpers shared by the dev sets' hand annotations (bench/devset*/make_gold.py).

Each make_gold.py writes its gold.json in the format of the evaluation's GUIDELINES.md:
``e`` adds an entity (merging aliases and types when named twice), ``loc`` and ``dev``
add relations.
"""
D, P, C, J, O = "District", "Park", "IndustrialCluster", "Project", "Organization"
ents, rels, ignore = {}, [], []


def e(name, types, *aliases):
    if name in ents:
        old = ents[name]
        old["aliases"] = sorted(set(old["aliases"]) | set(aliases))
        old["types"] = old["types"] + [t for t in types if t not in old["types"]]
    else:
        ents[name] = {"name": name, "types": list(types), "aliases": list(aliases)}


def loc(h, t):
    rels.append({"head": h, "rel": "locatedIn", "tail": t})


def dev(h, *cs):
    for c in cs:
        rels.append({"head": h, "rel": "developsCluster", "tail": c})
