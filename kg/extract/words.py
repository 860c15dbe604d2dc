"""Every word class of the extractor: the one place they are defined, each loaded from kg/data.

A word class is a role words play in the rules (the verbs that build, the heads of a park's name,
the words that may stand before a subject …); a word may be in several classes. Each class is a
named constant below, read through ``kg.resources.lexicon`` from a file of kg/data: a file of one
class (``governing_verbs.txt``), or a file of named sections (``[BUILD_VERBS]`` in
``relation_words.txt``), whose header comment says what the class is and where it is used. The code
of kg/extract spells no word: its regexes are built from these classes (``alt``, ``chars``), in the
class's order (a regex alternation tries its words in order), and tests/test_word_classes.py checks
that no string of kg/extract holds a Chinese character.

A class is a tuple in file order; the classes the rules only look words up in are frozensets. A
class of one word is that word (a ``str``); a table (``word<TAB>value`` lines) is a tuple of rows or,
where the rules look a word up, a dict. The constant of a section bears the section's name. Everything
is read once, at import of kg.extract (a few kB; importing kg reads none of it).
"""
from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from ..errors import OntologyError
from ..resources import lexicon

# ---------------------------------------------------------------- loading

# (file, section) of every class loaded (section None: a file of one class); tests check that this
# is every file of kg/data and every section in it
LOADED: set[tuple[str, str | None]] = set()
_SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {}


def _sections(file: str) -> dict[str, tuple[str, ...]]:
    """The sections of ``kg/data/<file>.txt``: ``[NAME]`` lines open them; the words follow, one a line."""
    if file not in _SECTIONS:
        out: dict[str, list[str]] = {}
        name = None
        for line in lexicon(file):
            if line.startswith("[") and line.endswith("]"):
                name = line[1:-1]
                if name in out:
                    raise OntologyError(f"kg/data/{file}.txt: section [{name}] is written twice: merge them")
                out[name] = []
            elif name is None:
                raise OntologyError(f"kg/data/{file}.txt: {line!r} stands before any [SECTION] line")
            else:
                out[name].append(line)
        _SECTIONS[file] = {k: tuple(v) for k, v in out.items()}
    return _SECTIONS[file]


def _words(file: str, section: str | None = None) -> tuple[str, ...]:
    """A class in file order: the file ``kg/data/<file>.txt``, or its section ``[<section>]``."""
    LOADED.add((file, section))
    if section is None:
        return lexicon(file)
    try:
        found = _sections(file)[section]
    except KeyError:
        raise OntologyError(f"kg/data/{file}.txt has no section [{section}]: reinstall kg") from None
    if not found:
        raise OntologyError(f"kg/data/{file}.txt: section [{section}] holds no word")
    return found


def _set(file: str, section: str | None = None) -> frozenset[str]:
    """A class the rules only look words up in."""
    return frozenset(_words(file, section))


def _word(file: str, section: str) -> str:
    """A class of one word: the word."""
    found = _words(file, section)
    if len(found) != 1:
        raise OntologyError(f"kg/data/{file}.txt: section [{section}] must hold one word, not {len(found)}")
    return found[0]


def _table(file: str, section: str | None = None) -> tuple[tuple[str, ...], ...]:
    """A class whose lines are ``word<TAB>value…``: a tuple of fields per line, in file order."""
    return tuple(tuple(line.split("\t")) for line in _words(file, section))


def _number(text: str) -> Decimal:
    """A value of a table: a decimal (0.001) or a fraction (2000/3, divided as Decimals)."""
    if "/" in text:
        fraction = Fraction(text)
        return Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return Decimal(text)


# ---------------------------------------------------------------- regex parts

HAN = r"[\u4e00-\u9fff]"   # one Chinese character (of the basic block)


def alt(*classes: tuple[str, ...] | str) -> str:
    """A regex alternation of the words of ``classes`` (classes or single words), escaped, in their
    order: ``alt(("a", "b"), "c")`` -> ``(?:a|b|c)``. Unordered classes (frozensets) are refused:
    an alternation tries its words in order."""
    words: list[str] = []
    for cls in classes:
        if isinstance(cls, str):
            words.append(cls)
        elif isinstance(cls, (tuple, list)):
            words += cls
        else:
            raise TypeError(f"alt() takes classes in order (tuples) or words, not {type(cls).__name__}")
    return "(?:" + "|".join(re.escape(w) for w in words) + ")"


def chars(*classes: tuple[str, ...] | str) -> str:
    """The characters of classes of single characters, escaped for a regex's ``[…]`` (no brackets)."""
    out = []
    for cls in classes:
        for ch in (cls,) if isinstance(cls, str) else cls:
            if len(ch) != 1:
                raise ValueError(f"chars() takes classes of single characters, not {ch!r}")
            out.append(re.escape(ch))
    return "".join(out)


def any_word(cls: frozenset[str] | tuple[str, ...]) -> str:
    """A regex that finds any word of ``cls`` (longest first, then in code-point order): for "does the
    text hold one of them", where the order of an alternation does not matter."""
    return "|".join(re.escape(w) for w in sorted(set(cls), key=lambda w: (-len(w), w)))


# ---------------------------------------------------------------- files of one class each

PARK_SUFFIXES = _words("park_suffixes")           # head nouns of parks (开发区, 产业园)
PROJECT_SUFFIXES = _words("project_suffixes")     # head nouns of projects (项目, 综合体)
ORG_SUFFIXES = _words("org_suffixes")             # head nouns of organisations (有限公司, 研究院)
DUAL_SUFFIXES = _table("dual_suffixes")           # (head noun, "Type,Type"): names of two types
GOVERNING_VERBS = _set("governing_verbs")         # verbs that govern a name: it begins after them
WEAK_VERBS = _set("weak_verbs")                   # governing verbs that also occur inside names
ADVERBS = _set("adverbs")                         # adverbs, modals, time words before a verb
FUNCTION_WORDS = _set("function_words")           # words no name begins with
GENERIC_WORDS = _set("generic_words")             # modifiers that make no name (重点, 特色)
GENERIC_TAILS = _set("generic_tails")             # words before a head that make it generic (重大项目)
CLUSTER_TERMS = _set("cluster_terms")             # industry terms (新能源, 生物医药)
INDUSTRY_TAILS = _words("industry_tails")         # last words of an industry without a head (装备)
ORG_INDUSTRY_WORDS = _set("org_industry_words")   # industry words ending a company's short name
CLUSTER_HEADS = _words("cluster_heads")           # 产业集群, 产业链, 产业, 集群: an industry's head noun

# ---------------------------------------------------------------- numbers.txt

CN_DIGITS = _words("numbers", "CN_DIGITS")
SMALL_NUMERALS = _words("numbers", "SMALL_NUMERALS")
PAIR_NUMERAL = _word("numbers", "PAIR_NUMERAL")
DIGIT_VALUES = {digit: int(value) for digit, value in _table("numbers", "DIGIT_VALUES")}
TEN = _word("numbers", "TEN")
COUNTERS = _words("numbers", "COUNTERS")
LIST_COUNTERS = _words("numbers", "LIST_COUNTERS")
PLACE_COUNTERS = _words("numbers", "PLACE_COUNTERS")
MEASURES = _set("numbers", "MEASURES")
GENERAL_COUNTER = _word("numbers", "GENERAL_COUNTER")
GREAT_COUNTER = _word("numbers", "GREAT_COUNTER")
VAGUE_COUNTS = _words("numbers", "VAGUE_COUNTS")
MAGNITUDES = _words("numbers", "MAGNITUDES")
OUTPUT_MAGNITUDES = _words("numbers", "OUTPUT_MAGNITUDES")
LARGE_MAGNITUDES = _words("numbers", "LARGE_MAGNITUDES")
TEN_THOUSAND = _word("numbers", "TEN_THOUSAND")
UNITS = _words("numbers", "UNITS")
YUAN = _word("numbers", "YUAN")
WITHIN_LIMITS = _words("numbers", "WITHIN_LIMITS")
CAPACITY_UNITS = _set("numbers", "CAPACITY_UNITS")
ANNUAL_OUTPUT = _words("numbers", "ANNUAL_OUTPUT")
PRODUCES = _word("numbers", "PRODUCES")
PHASE_MARK = _word("numbers", "PHASE_MARK")

# ---------------------------------------------------------------- grammar.txt

OF = _word("grammar", "OF")
ETC = _word("grammar", "ETC")
AND = _word("grammar", "AND")
WITH = _word("grammar", "WITH")
AS_WELL_AS = _word("grammar", "AS_WELL_AS")
LIST_JOINTS = _words("grammar", "LIST_JOINTS")
WITH_WORDS = _words("grammar", "WITH_WORDS")
BA = _word("grammar", "BA")
YI = _word("grammar", "YI")
WEI = _word("grammar", "WEI")
MAINLY = _word("grammar", "MAINLY")
WHOLE_MARK = _word("grammar", "WHOLE_MARK")
CORE_MARK = _word("grammar", "CORE_MARK")
ORDINAL_MARK = _word("grammar", "ORDINAL_MARK")
COMBINES = _words("grammar", "COMBINES")
NOT_A_LIST_CHARS = _words("grammar", "NOT_A_LIST_CHARS")
BRAND_CHARS = _set("grammar", "BRAND_CHARS")
LEAD_CHARS = _set("grammar", "LEAD_CHARS")
COMPLEMENT_CHARS = _set("grammar", "COMPLEMENT_CHARS")
POTENTIAL_MARKS = _set("grammar", "POTENTIAL_MARKS")

# ---------------------------------------------------------------- times.txt

BY_WORDS = _words("times", "BY_WORDS")
YEAR_MARK = _word("times", "YEAR_MARK")
MONTH_MARK = _word("times", "MONTH_MARK")
DAY_MARK = _word("times", "DAY_MARK")
RANGE_MARKS = _words("times", "RANGE_MARKS")
QUARTER = _word("times", "QUARTER")
QUARTER_NUMERALS = _words("times", "QUARTER_NUMERALS")
BEFORE_MARK = _word("times", "BEFORE_MARK")
YEAR_ENDS = _words("times", "YEAR_ENDS")
YEAR_WORDS = _words("times", "YEAR_WORDS")

# ---------------------------------------------------------------- places.txt

ADMIN_SUFFIXES = _words("places", "ADMIN_SUFFIXES")
DIVISION_END_CHARS = _words("places", "DIVISION_END_CHARS")
OWN_LEVELS = _words("places", "OWN_LEVELS")
REGION_TITLES = _words("places", "REGION_TITLES")
TOWN_LIKE_ENDS = _words("places", "TOWN_LIKE_ENDS")
NEW_AREA = _word("places", "NEW_AREA")
REGION_LEADS = _words("places", "REGION_LEADS")
REGION_KINDS = _words("places", "REGION_KINDS")
VILLAGE_WORD = _word("places", "VILLAGE_WORD")
COMMUNITY_WORD = _word("places", "COMMUNITY_WORD")
NOT_AFTER_VILLAGE = _words("places", "NOT_AFTER_VILLAGE")
VILLAGE_FOLLOWERS = _words("places", "VILLAGE_FOLLOWERS")
COMMON_VILLAGES = _words("places", "COMMON_VILLAGES")
NAMED_AFTER_PLACE = _words("places", "NAMED_AFTER_PLACE")
ETHNIC_GROUPS = _words("places", "ETHNIC_GROUPS")
ALL_ETHNIC = _word("places", "ALL_ETHNIC")
ETHNIC_MARK = _word("places", "ETHNIC_MARK")
NATIONALITIES = _word("places", "NATIONALITIES")
SHORT_FORM_SUFFIXES = _words("places", "SHORT_FORM_SUFFIXES")
AUTONOMOUS = _word("places", "AUTONOMOUS")
FOREST_DISTRICT = _word("places", "FOREST_DISTRICT")
TOWN_SUFFIXES = _words("places", "TOWN_SUFFIXES")
TOWNSHIP = _word("places", "TOWNSHIP")
AREA_OFFICE = _word("places", "AREA_OFFICE")
AREA_OFFICE_NAMES = _words("places", "AREA_OFFICE_NAMES")
ONE_CHAR_SUFFIXES = _set("places", "ONE_CHAR_SUFFIXES")
PLACE_BEFORE = _set("places", "PLACE_BEFORE")
FOREIGN_AFTER = _words("places", "FOREIGN_AFTER")
FOREIGN_DIVISION_SUFFIXES = _words("places", "FOREIGN_DIVISION_SUFFIXES")
COUNTRY_MARK = _word("places", "COUNTRY_MARK")
PERSON_TITLES = _words("places", "PERSON_TITLES")

# ---------------------------------------------------------------- name_words.txt

PROJECT_WORD = _word("name_words", "PROJECT_WORD")
WORKS_WORD = _word("name_words", "WORKS_WORD")
HEAD_GOES_ON = _words("name_words", "HEAD_GOES_ON")
PORT_LEADS = _set("name_words", "PORT_LEADS")
GOAL_VERBS = _words("name_words", "GOAL_VERBS")
BECOME_VERB = _word("name_words", "BECOME_VERB")
DESCRIPTIONS = _words("name_words", "DESCRIPTIONS")
MOST_HAVING = _word("name_words", "MOST_HAVING")
RANKS = _words("name_words", "RANKS")
POLICY_WORDS = _words("name_words", "POLICY_WORDS")
SIZE_CHARS = _words("name_words", "SIZE_CHARS")
TYPE_MARK = _word("name_words", "TYPE_MARK")
QUALITY_TAILS = _words("name_words", "QUALITY_TAILS")
HIGH_STANDARDS = _words("name_words", "HIGH_STANDARDS")
GOVERNMENT_HEADS = _words("name_words", "GOVERNMENT_HEADS")
REGISTERED = _words("name_words", "REGISTERED")
COMPANY_HEADS = _set("name_words", "COMPANY_HEADS")
BARE_ZONE_HEADS = _words("name_words", "BARE_ZONE_HEADS")
GROUP_WORD = _word("name_words", "GROUP_WORD")
SHARES_WORD = _word("name_words", "SHARES_WORD")
DESIGNATIONS = _set("name_words", "DESIGNATIONS")
TRIAL_ZONE = _word("name_words", "TRIAL_ZONE")
ZONE_ABBREVIATIONS = _table("name_words", "ZONE_ABBREVIATIONS")
NATION_PREFIX = _word("name_words", "NATION_PREFIX")
SHORT_NAME_MARKS = _words("name_words", "SHORT_NAME_MARKS")
SHORT_NAME_HEADS = _words("name_words", "SHORT_NAME_HEADS")
LIST_PARK_HEADS = _words("name_words", "LIST_PARK_HEADS")
SECTOR_WORD = _word("name_words", "SECTOR_WORD")
DOMAIN_HEADS = _words("name_words", "DOMAIN_HEADS")
FIRM_WORD = _word("name_words", "FIRM_WORD")
PROGRAMME_WORDS = _words("name_words", "PROGRAMME_WORDS")
LIST_ORG_HEADS = _words("name_words", "LIST_ORG_HEADS")
PARK_LIKE_ENDS = _words("name_words", "PARK_LIKE_ENDS")
AREA_CHAR = _word("name_words", "AREA_CHAR")
RESIDENTIAL_LEADS = _words("name_words", "RESIDENTIAL_LEADS")
OFFICER_TITLES = _words("name_words", "OFFICER_TITLES")
OFFICER_DEPARTMENTS = _words("name_words", "OFFICER_DEPARTMENTS")
LEAD_LIST_ROLES = _words("name_words", "LEAD_LIST_ROLES")
ORG_TRIGGERS = _words("name_words", "ORG_TRIGGERS")
ORG_PIVOTS = _words("name_words", "ORG_PIVOTS")
HASTE_WORDS = _words("name_words", "HASTE_WORDS")
ORG_PIVOT_TRIGGERS = _words("name_words", "ORG_PIVOT_TRIGGERS")

# ---------------------------------------------------------------- industry_words.txt

INDUSTRY_WORD = _word("industry_words", "INDUSTRY_WORD")
CLUSTER_WORD = _word("industry_words", "CLUSTER_WORD")
INDUSTRY_CLUSTER_WORD = _word("industry_words", "INDUSTRY_CLUSTER_WORD")
TRADE_MARK = _word("industry_words", "TRADE_MARK")
INDUSTRY_GOES_ON = _words("industry_words", "INDUSTRY_GOES_ON")
EVENT_LEADS = _words("industry_words", "EVENT_LEADS")
EVENT_HEADS = _words("industry_words", "EVENT_HEADS")
CHAIN_STAGES = _words("industry_words", "CHAIN_STAGES")
RD_STAGES = _words("industry_words", "RD_STAGES")
PROCESS = _words("industry_words", "PROCESS")
LEVEL_MARK = _word("industry_words", "LEVEL_MARK")
CHAIN_POSITIONS = _words("industry_words", "CHAIN_POSITIONS")
STAT_SCOPES = _words("industry_words", "STAT_SCOPES")
HOME_AND_ABROAD = _words("industry_words", "HOME_AND_ABROAD")
COLLECTIVE = _word("industry_words", "COLLECTIVE")
GROW_VERBS = _set("industry_words", "GROW_VERBS")
LIST_INDUSTRY_HEADS = _words("industry_words", "LIST_INDUSTRY_HEADS")
PLACE_IN_LIST_HEAD = _words("industry_words", "PLACE_IN_LIST_HEAD")
PLACE_AFTER_LIST = _words("industry_words", "PLACE_AFTER_LIST")
DOMAIN_LEADS = _words("industry_words", "DOMAIN_LEADS")
DOMAIN_WORDS = _words("industry_words", "DOMAIN_WORDS")
LIST_CULTIVATION_VERBS = _words("industry_words", "LIST_CULTIVATION_VERBS")
AS_VERBS = _words("industry_words", "AS_VERBS")
LEADING_KINDS = _words("industry_words", "LEADING_KINDS")
CONSISTS_OF = _words("industry_words", "CONSISTS_OF")
LIST_TAIL_HEADS = _words("industry_words", "LIST_TAIL_HEADS")
MAIN_ROLES = _words("industry_words", "MAIN_ROLES")
BODY_CHAR = _word("industry_words", "BODY_CHAR")
SYSTEM_HEADS = _words("industry_words", "SYSTEM_HEADS")
LISTED_INDUSTRY_RULES = _words("industry_words", "LISTED_INDUSTRY_RULES")
COLUMN_LEADS = _words("industry_words", "COLUMN_LEADS")
COLUMN_TAILS = _words("industry_words", "COLUMN_TAILS")
COLUMN_HEADERS = _words("industry_words", "COLUMN_HEADERS")

# ---------------------------------------------------------------- body_words.txt

BODY_HEADS = _words("body_words", "BODY_HEADS")
INSTITUTION_HEADS = _words("body_words", "INSTITUTION_HEADS")
BODY_CHARS = _words("body_words", "BODY_CHARS")
COMMITTEE_CHAR = _word("body_words", "COMMITTEE_CHAR")
PROVINCE_DEPARTMENT_CHAR = _word("body_words", "PROVINCE_DEPARTMENT_CHAR")
BODY_TITLES = _words("body_words", "BODY_TITLES")
PARTY_LEAD = _word("body_words", "PARTY_LEAD")

# ---------------------------------------------------------------- relation_words.txt

INTO_VERBS = _words("relation_words", "INTO_VERBS")
SITUATED_VERBS = _words("relation_words", "SITUATED_VERBS")
HOST_VERBS = _words("relation_words", "HOST_VERBS")
BUILD_VERBS = _words("relation_words", "BUILD_VERBS")
CONTINUING_LEADS = _words("relation_words", "CONTINUING_LEADS")
DEMONSTRATIVES = _words("relation_words", "DEMONSTRATIVES")
THIS_ONE = _word("relation_words", "THIS_ONE")
ANAPHOR_NOUNS = _words("relation_words", "ANAPHOR_NOUNS")
ANAPHOR_FOLLOWERS = _words("relation_words", "ANAPHOR_FOLLOWERS")
INTO_ANAPHOR_NOUNS = _words("relation_words", "INTO_ANAPHOR_NOUNS")
INTO_ANAPHOR_LEADS = _words("relation_words", "INTO_ANAPHOR_LEADS")
PARTNER_ADVERBS = _words("relation_words", "PARTNER_ADVERBS")
SUBJECT_LEADS = _words("relation_words", "SUBJECT_LEADS")
OCCUPIES = _word("relation_words", "OCCUPIES")
GAP_AREA_UNITS = _words("relation_words", "GAP_AREA_UNITS")
PIVOT_VERBS = _words("relation_words", "PIVOT_VERBS")
ROLE_WORDS = _words("relation_words", "ROLE_WORDS")
PLATFORM_LEADS = _words("relation_words", "PLATFORM_LEADS")
PLATFORM_WORDS = _words("relation_words", "PLATFORM_WORDS")
PARTNER_MARKS = _words("relation_words", "PARTNER_MARKS")
PARTNER_ACTS = _words("relation_words", "PARTNER_ACTS")
SIGNED_INTENTS = _words("relation_words", "SIGNED_INTENTS")
LINEAR_WORKS = _words("relation_words", "LINEAR_WORKS")
LINEAR_TAILS = _words("relation_words", "LINEAR_TAILS")
WHOLE_LEVELS = _words("relation_words", "WHOLE_LEVELS")
IN_AT = _words("relation_words", "IN_AT")
IN = _word("relation_words", "IN")
BUILD_ON_LEADS = _words("relation_words", "BUILD_ON_LEADS")
BUILD_ON_VERBS = _words("relation_words", "BUILD_ON_VERBS")
INSIDE_LEADS = _words("relation_words", "INSIDE_LEADS")
INSIDE_WORDS = _words("relation_words", "INSIDE_WORDS")
IS = _word("relation_words", "IS")
OWN_LEADS = _words("relation_words", "OWN_LEADS")
OWN_VERBS = _words("relation_words", "OWN_VERBS")
NOT_OWN = _words("relation_words", "NOT_OWN")
BUILT_IN_LEADS = _words("relation_words", "BUILT_IN_LEADS")
BUILT_IN_WORDS = _words("relation_words", "BUILT_IN_WORDS")
RELY_LEADS = _words("relation_words", "RELY_LEADS")
RELY = _word("relation_words", "RELY")
SIGNING_MANNERS = _words("relation_words", "SIGNING_MANNERS")
SIGN = _word("relation_words", "SIGN")
AGREEMENT_VERBS = _words("relation_words", "AGREEMENT_VERBS")
INVEST = _word("relation_words", "INVEST")
AGREEMENT = _word("relation_words", "AGREEMENT")
PLAN_MODALS = _words("relation_words", "PLAN_MODALS")
TOTAL_INVESTMENT = _word("relation_words", "TOTAL_INVESTMENT")
SIGNED_BUILD_VERBS = _words("relation_words", "SIGNED_BUILD_VERBS")
COUNT_DIGITS = _words("relation_words", "COUNT_DIGITS")
MAJOR = _words("relation_words", "MAJOR")
START_MANNERS = _words("relation_words", "START_MANNERS")
START_VERBS = _words("relation_words", "START_VERBS")
MERGE = _word("relation_words", "MERGE")
MERGED_PARTS = _words("relation_words", "MERGED_PARTS")
MERGE_BUILD_VERBS = _words("relation_words", "MERGE_BUILD_VERBS")
CULTIVATION_VERBS = _words("relation_words", "CULTIVATION_VERBS")
CULTIVATION_ROLES = _words("relation_words", "CULTIVATION_ROLES")
NOT_IN_UNKNOWN_NAME = _words("relation_words", "NOT_IN_UNKNOWN_NAME")
UNKNOWN_HEADS = _words("relation_words", "UNKNOWN_HEADS")
AFTER_DONE = _words("relation_words", "AFTER_DONE")
TOGETHER_WORDS = _words("relation_words", "TOGETHER_WORDS")
FOCUS_ADVERBS = _words("relation_words", "FOCUS_ADVERBS")
SITED_HEADS = _words("relation_words", "SITED_HEADS")
SITED_ADVERBS = _words("relation_words", "SITED_ADVERBS")
SITED_VERBS = _words("relation_words", "SITED_VERBS")
CLUSTER_OR_CHAIN = _words("relation_words", "CLUSTER_OR_CHAIN")
SCALE_SPANS = _words("relation_words", "SCALE_SPANS")
SIZE_MEASURES = _words("relation_words", "SIZE_MEASURES")
WHOLE_LEADS = _words("relation_words", "WHOLE_LEADS")
SCALE_LEVELS = _words("relation_words", "SCALE_LEVELS")
CO_BUILD = _word("relation_words", "CO_BUILD")
BUILT_AFTER = _words("relation_words", "BUILT_AFTER")
SPEED_VERBS = _words("relation_words", "SPEED_VERBS")
BUILD_OR_DEVELOP = _words("relation_words", "BUILD_OR_DEVELOP")
EXERT = _word("relation_words", "EXERT")
NATIONAL_LEADS = _words("relation_words", "NATIONAL_LEADS")
NATIONAL_HEADS = _words("relation_words", "NATIONAL_HEADS")
GOVERNING_BODIES = _words("relation_words", "GOVERNING_BODIES")
NATION_WORDS = _words("relation_words", "NATION_WORDS")
LIST_CONTINUATIONS = _words("relation_words", "LIST_CONTINUATIONS")
PART_VERBS = _words("relation_words", "PART_VERBS")
PROMOTE_VERBS = _words("relation_words", "PROMOTE_VERBS")
PROMOTED_ENDS = _words("relation_words", "PROMOTED_ENDS")

# ---------------------------------------------------------------- quantity_words.txt

SCALES = _table("quantity_words", "SCALES")
INVESTMENT_LEADS = _words("quantity_words", "INVESTMENT_LEADS")
APPROXIMATELY = _words("quantity_words", "APPROXIMATELY")
INVESTMENT_SCALES = _words("quantity_words", "INVESTMENT_SCALES")
AREA_LEADS = _words("quantity_words", "AREA_LEADS")
ABOUT = _words("quantity_words", "ABOUT")
AREA_UNITS = _words("quantity_words", "AREA_UNITS")
CAPACITY_OUTPUT_UNITS = _words("quantity_words", "CAPACITY_OUTPUT_UNITS")
POWER_UNITS = _words("quantity_words", "POWER_UNITS")
HOUR_CHARS = _words("quantity_words", "HOUR_CHARS")
UNIT_FACTORS = {unit: (_number(factor), normal) for unit, factor, normal in _table("quantity_words", "UNIT_FACTORS")}
CAPACITY_UNIT_NAMES = dict(_table("quantity_words", "CAPACITY_UNIT_NAMES"))
MONEY_WORDS = _words("quantity_words", "MONEY_WORDS")
QUANTITY_ANAPHORS = _table("quantity_words", "QUANTITY_ANAPHORS")
THIS_YEAR_WORDS = _words("quantity_words", "THIS_YEAR_WORDS")
NEXT_YEAR = _word("quantity_words", "NEXT_YEAR")
LAST_YEAR = _word("quantity_words", "LAST_YEAR")
PLACED_WORDS = _words("quantity_words", "PLACED_WORDS")
ZERO_SUBJECT_LEADS = _words("quantity_words", "ZERO_SUBJECT_LEADS")
ZERO_SUBJECT_PLANS = _words("quantity_words", "ZERO_SUBJECT_PLANS")
ZERO_SUBJECT_WORDS = _words("quantity_words", "ZERO_SUBJECT_WORDS")
