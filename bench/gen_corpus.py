"""A synthetic corpus of Chinese regional-development news, for benchmarks and build tests.

Articles are built from sentence templates over real county names (kg's
division table, ``kg.extract.divisions.gazetteer()``), park head nouns
(kg/data/park_suffixes.txt), industries (kg/data/cluster_terms.txt), company
and project names made of common syllables, and numbers. Each article is about
one county and mentions its city and province, a few parks, industries,
companies and projects, with investments and areas, and some filler sentences
that name nothing. Files are Markdown with front matter (most), HTML or plain
text, in subfolders of 500 files.

The output is deterministic: the same size and seed give the same bytes.

Usage::

    .venv/bin/python bench/gen_corpus.py --size 10MB --out bench/_work/corpus-10MB
    .venv/bin/python bench/gen_corpus.py --size 1MB --seed 2 --out /tmp/c1
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SYLLABLES = list("青禾川岭泽安宁平兴丰源湖山田桥石溪云江海华新光明德龙凤金银瑞恒泰盛远达鑫润博智")
COMPANY_TAILS = ["科技有限公司", "股份有限公司", "集团有限公司", "新材料有限公司", "智能装备有限公司",
                 "生物科技有限公司", "能源集团"]
PROJECT_TAILS = ["项目", "产业基地项目", "生产线项目", "研发中心项目", "扩建项目"]
PARK_SUFFIXES_USED = ["产业园", "经济开发区", "高新技术产业开发区", "工业园区", "物流园", "科技园",
                      "创业园", "综合保税区", "高新区", "产业基地", "科技城", "小镇"]
DIRECTIONS = ["东", "南", "西", "北", "中", "东北", "西南"]
FILLER = [
    "会议强调，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念。",
    "下一步，将持续优化营商环境，强化要素保障，推动经济社会高质量发展。",
    "与会人员围绕产业转型升级、科技创新和人才引进等议题进行了深入交流。",
    "据介绍，今年以来全县上下紧盯目标任务，主要经济指标保持稳定增长。",
    "干部群众纷纷表示，要撸起袖子加油干，以实际行动推动各项工作落地见效。",
    "近年来，当地坚持把发展经济的着力点放在实体经济上，不断培育新的增长点。",
    "活动现场，企业代表、专家学者和基层干部共同为乡村振兴建言献策。",
    "记者在现场看到，施工人员正在紧张有序地进行设备安装调试。",
]
TEMPLATES = [
    "{county}位于{province}{direction}部，总面积{area}平方公里，辖{n_towns}个镇街。",
    "今年，{city}{county}计划投资{money}亿元建设{park}，重点发展{ind1}和{ind2}产业。",
    "{park}位于{county}{direction}部，规划面积{area}平方公里，已入驻企业{n_firms}家。",
    "{company}与{company2}签署战略合作协议，双方将在{ind1}领域开展深度合作。",
    "{project}总投资{money}亿元，建成投产后可实现年产值{output}亿元，新增就业岗位{jobs}个。",
    "{county}加快培育{ind1}、{ind2}、{ind3}三大产业集群，力争{year}年集群规模突破{output}亿元。",
    "由{company}投资建设的{project}落户{park}，占地面积{mu}亩。",
    "{park}二期工程已开工建设，{company}等{n_firms}家企业签约入驻。",
    "{province}{city}{county}{park}获批省级{ind1}产业示范基地。",
    "{county}与{county2}签订合作框架协议，共建{park2}。",
]


def _lexicon(name: str) -> list[str]:
    from kg.resources import lexicon

    return list(lexicon(name))


def _counties() -> list[tuple[str, str, str]]:
    """(province, city, county) full names of every county of the division table, in code order."""
    from kg.extract.divisions import gazetteer

    g = gazetteer()
    out = []
    for d in g:
        if d.level != "county":
            continue
        anc = g.ancestors(d.code)
        province = anc[-1].name
        city = anc[0].name if anc[0].level == "city" else ""
        if "市辖区" in d.name or "县" == d.name:
            continue
        out.append((province, city, d.name))
    return out


class _Writer:
    """Builds one article at a time from the shared vocabularies."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.counties = _counties()
        self.industries = [w for w in _lexicon("cluster_terms")]

    def _name(self, n: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(n))

    def _short(self, county: str) -> str:
        stem = re.sub(r"(自治县|县|区|市|旗)$", "", county)
        return stem if len(stem) >= 2 else county

    def article(self, target_chars: int) -> tuple[str, list[str]]:
        """(title, paragraphs) of an article about one county, about ``target_chars`` long."""
        rng = self.rng
        province, city, county = rng.choice(self.counties)
        _, _, county2 = rng.choice(self.counties)
        stem = self._short(county)
        inds = rng.sample(self.industries, 4)
        parks = [stem + rng.choice(inds) + rng.choice(PARK_SUFFIXES_USED) for _ in range(2)]
        parks.append(self._name(2) + rng.choice(PARK_SUFFIXES_USED))
        companies = [self._name(2) + rng.choice(COMPANY_TAILS) for _ in range(3)]
        projects = [self._name(2) + rng.choice(inds)[:4] + rng.choice(PROJECT_TAILS) for _ in range(2)]
        title = f"{city}{county}：{inds[0]}产业集群加快成势"
        paragraphs: list[str] = []
        size = 0
        while size < target_chars:
            sentences = []
            for _ in range(rng.randint(2, 5)):
                if rng.random() < 0.35:
                    sentences.append(rng.choice(FILLER))
                    continue
                i1, i2, i3 = rng.sample(inds, 3)
                sentences.append(rng.choice(TEMPLATES).format(
                    province=province, city=city, county=county, county2=county2, direction=rng.choice(DIRECTIONS),
                    park=rng.choice(parks), park2=rng.choice(parks), company=companies[0],
                    company2=rng.choice(companies[1:]), project=rng.choice(projects),
                    ind1=i1, ind2=i2, ind3=i3, area=rng.randint(5, 900), n_towns=rng.randint(5, 20),
                    money=rng.choice(["3.5", "12", "26", "45.8", "100", "8"]), output=rng.randint(10, 500),
                    jobs=rng.randint(100, 3000), n_firms=rng.randint(3, 80), mu=rng.randint(50, 2000),
                    year=rng.randint(2023, 2027)))
                if rng.random() < 0.5:       # vary the company named first
                    companies.append(companies.pop(0))
            paragraph = "".join(sentences)
            paragraphs.append(paragraph)
            size += len(paragraph)
        return title, paragraphs

    def file(self, index: int, target_chars: int) -> tuple[str, bytes]:
        """(relative path, bytes) of article ``index`` in one of three formats."""
        title, paragraphs = self.article(target_chars)
        date = f"202{self.rng.randint(0, 4)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"
        kind = self.rng.random()
        folder = f"part-{index // 500:04d}"
        if kind < 0.7:
            body = "\n\n".join(paragraphs)
            text = f"---\ntitle: \"{title}\"\ndate: {date}\ncategories: bench\n---\n\n{body}\n"
            return f"{folder}/{index:06d}.md", text.encode("utf-8")
        if kind < 0.9:
            body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
            text = (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head>\n"
                    f"<body><h1>{title}</h1>\n{body}\n</body></html>\n")
            return f"{folder}/{index:06d}.html", text.encode("utf-8")
        text = title + "\n\n" + "\n".join(paragraphs) + "\n"
        return f"{folder}/{index:06d}.txt", text.encode("utf-8")


def generate(out: str | Path, size: int, seed: int = 0, doc_chars: tuple[int, int] = (800, 5000)) -> dict:
    """Write a corpus of about ``size`` bytes into the folder ``out`` (replaced).

    Args:
        out: the folder to write.
        size: total bytes of the files (approximately: the last file may overshoot a little).
        seed: the random seed; same size and seed give the same files.
        doc_chars: range of an article's body length in characters.

    Returns:
        ``{"files": n, "bytes": total, "chars": article characters}``.
    """
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    writer = _Writer(seed)
    total = chars = 0
    index = 0
    while total < size:
        rel, data = writer.file(index, writer.rng.randint(*doc_chars))
        path = out / rel
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        total += len(data)
        chars += len(data.decode("utf-8"))
        index += 1
    return {"files": index, "bytes": total, "chars": chars}


def parse_size(text: str) -> int:
    """'10MB' -> 10485760; '500kB' -> 512000; '12345' -> 12345."""
    m = re.fullmatch(r"\s*([\d.]+)\s*([kKmMgG]?)i?[bB]?\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1MB, 500kB)")
    return int(float(m.group(1)) * {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}[m.group(2).lower()])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, default=parse_size("1MB"), help="e.g. 1MB, 10MB, 100MB")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    info = generate(args.out, args.size, args.seed)
    print(f"{args.out}: {info['files']} files, {info['bytes'] / 2**20:.1f} MB, {info['chars']} chars")


if __name__ == "__main__":
    main()
