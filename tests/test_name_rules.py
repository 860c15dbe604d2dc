"""The name rules (kg/extract/names/, and the passes of kg/extract/ after them): one table entry per
finder, per step of a finder (filter, trim, list head) and per pass, which gives its result with the
rule and loses it with that rule switched off; the registry's order; docs/internals.md lists the
finders and their steps as the registry has them.

Every sentence is composed for the test, about places that occur in no dev set (bench/devset*), no
realdev fold, neither corpus/ nor the seeds nor tests/fixtures (平凉市崆峒区 and its towns, 四平市,
兰州新区); the companies and brands are made up.
"""
from __future__ import annotations

import re
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest

import kg.extract as kx
from kg.extract import extract
from kg.extract import districts
from kg.extract.divisions import gazetteer
from kg.extract.names import FINDERS, Reading, context_spans, find_names, shape_spans, switched_off
from kg.extract.names import clusters, enumerations, organisations, places
from kg.extract.settle import settle

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_relation_rules import make_doc  # noqa: E402  (one way to make a test document)

ROOT = Path(__file__).resolve().parent.parent
T, F = True, False

# (finder.step, text, a name the finder gives (its label, or its text where it has none), found or not
#  [, steps switched off in both runs])
STEPS = [
    # suffix heads
    ("suffix.reject_head_mid_token", "崆峒区推进苹果产业集团化经营。", "苹果产业集团", F),
    ("suffix.reject_head_going_on", "平凉崆峒文旅项目库新增储备项目30个。", "平凉崆峒文旅", F),
    ("suffix.reject_head_going_on", "崆峒区紧邻平凉国际铁路港等平台。", "平凉国际铁路", F),   # (a rail port)
    ("suffix.reject_model_formula", "崆峒区推广“陇果苹果公司+合作社+农户”模式。", "陇果苹果公司", F),
    ("suffix.reject_common_noun_ending_like_head", "崆峒区新建颉河水电站。", "颉河水电站", F),
    ("suffix.reject_landform_after_place", "六盘山谷风景秀丽。", "六盘山谷", F),
    ("suffix.reject_unbalanced", "据平凉日报）崆峒区苹果产业园开园。", "平凉日报）崆峒区苹果产业园", F),
    ("suffix.reject_goal_described", "崆峒区打造西北一流水平的苹果冷链基地。", "苹果冷链基地", F),
    ("suffix.reject_described", "平凉市是西北重要的苹果冷链基地。", "苹果冷链基地", F),
    ("suffix.reject_ranked", "崆峒区建成甘肃唯一苹果标准化示范基地。", "甘肃唯一苹果标准化示范基地", F),
    ("suffix.reject_future_role", "崆峒经开区将成为西北电工电器产业基地。", "西北电工电器产业基地", F),
    ("suffix.reject_policy", "崆峒区入选国家农村产业融合发展示范园试点。", "国家农村产业融合发展示范园", F),
    ("suffix.reject_qualities", "崆峒区建设生态型、效益型苹果产业园。", "效益型苹果产业园", F),
    ("suffix.reject_book_title", "崆峒区印发《苹果产业园建设方案》。", "苹果产业园", F),
    ("suffix.reject_counted_kind", "崆峒区新建3个苹果产业园。", "苹果产业园", F),
    ("suffix.reject_counted_kind", "订单派发到崆峒区52家联网工厂。", "联网工厂", F),
    ("suffix.trim_division_chain", "吉林省四平市铁东区苹果产业园开园。", "苹果产业园", T),
    ("suffix.alias_own_division", "甘肃省平凉市果品检测中心主任张某说。", "平凉市果品检测中心", T),
    ("suffix.take_region_title", "崆峒区创建全市苹果标准化示范区。", "全市苹果标准化示范区", T),
    ("suffix.split_phase", "崆峒区苹果产业园二期开工。", "崆峒区苹果产业园", T),
    ("suffix.keep_company_project_whole", "平凉汇泾智造有限公司二期项目开工。", "平凉汇泾智造有限公司二期项目", T),
    ("suffix.reject_too_short", "崆峒区引进A公司投资建设果蔬冷链项目。", "A公司", F),
    ("suffix.reject_generic_core", "崆峒区建设特色农业产业园。", "特色农业产业园", F),
    ("suffix.reject_generic_last_word", "崆峒区推进苹果重大项目建设。", "苹果重大", F),
    ("suffix.reject_place_doing", "崆峒区组织果农开展技术培训。", "崆峒区组织", F),
    ("suffix.reject_programme", "崆峒区参与国家级重大科研项目联合攻关。", "国家级重大科研", F),
    ("suffix.reject_programme", "平凉的医药制剂研发项目落地受配套能力制约。", "医药制剂研发", F),
    ("suffix.reject_trade_alone", "“订单排到了年底。”平凉汇泾推广运营有限公司总经理张某说。", "运营有限公司", F),
    ("suffix.reject_head_alone", "崆峒区推进产业园项目建设。", "产业园", F),
    ("suffix.reject_unnamed_works", "崆峒区实施中小学品质提升工程。", "中小学品质提升工程", F),
    ("suffix.reject_dictionary_facility", "崆峒区的购物中心开业。", "购物中心", F),
    ("suffix.reject_industry_project", "崆峒区加快推进制造业项目建设。", "制造业", F),
    ("suffix.reject_common_word_project", "崆峒区推进物流项目建设。", "物流", F),
    ("suffix.keep_company_of_unit", "走进平凉汇泾科技有限公司实验室参观。", "平凉汇泾科技有限公司实验室", F),
    ("suffix.split_company_lead", "平凉汇泾智造有限公司年产5万吨铝材项目开工。", "年产5万吨铝材", T),
    ("suffix.split_company_lead", "崆峒工业园区内的陇鑫集团西北区医疗产业园投产。", "西北区医疗产业园", T),
    ("suffix.split_company_lead", "在陇鑫股份新材料产业园展厅，一款铝材吸引了参观者。", "新材料产业园", T),
    ("suffix.trim_park_lead", "崆峒工业园区汇泾智造科技有限公司投产。", "汇泾智造科技有限公司", T),
    # enumerations
    ("enumerations.head_noun_after_list", "崆峒区推进汇泾智造、陇东云谷等5个项目建设。", "汇泾智造", T),
    ("enumerations.domains_after_cultivation", "崆峒区聚焦电工电器、果品加工等领域。", "果品加工", T),
    ("enumerations.reject_single_item", "崆峒区推进陇东云谷2个项目。", "陇东云谷", F,
     ("enumerations.reject_too_few_items",)),
    ("enumerations.split_last_two_industries", "崆峒区培育电工电器、数字经济和职业教育五大产业。", "数字经济", T),
    # (a generic first half is split off too, so the list goes on past it to the items before)
    ("enumerations.split_last_two_industries", "文旅康养、现代服务业、高新技术产业和电工电器四大主导产业占崆峒区GDP的六成。",
     "现代服务业", T),
    ("enumerations.join_conjoined_industry", "崆峒区培育新材料和新能源、电工电器等产业集群。", "新材料和新能源", T),
    ("enumerations.join_brand_character", "而今，即发、陇鑫智能、雪达等龙头企业领跑行业。", "即发", T),
    ("enumerations.drop_process_stages", "崆峒区发展电工装备研发、生产、应用等产业链。", "电工装备", T),
    ("enumerations.trim_leading_place", "崆峒区培育平凉电工电器、果品加工等产业集群。", "电工电器", T),
    ("enumerations.reject_stage_number_or_place", "崆峒区培育平凉、果品加工等产业集群。", "平凉", F),
    ("enumerations.reject_not_noun_phrase", "崆峒区将重点发展5个战略性产业集群。", "发展", F),
    ("enumerations.reject_not_noun_phrase", "今年平凉市工业提速，获批2个省级特色产业集群。", "获批", F),   # (a verb jieba does not tag)
    ("enumerations.reject_odd_size", "崆峒区培育电工电器（含输变电、储能）等产业集群。", "储能）", F),
    ("enumerations.reject_town_like", "崆峒区推进草峰镇、花所镇两个示范基地建设。", "草峰镇", F),
    ("enumerations.reject_common_nouns", "崆峒区引进手机、平板电脑等终端企业。", "平板电脑", F),
    ("enumerations.reject_common_nouns", "推动果品企业与人力资源、金融服务等机构对接。", "人力资源", F),
    ("enumerations.reject_domain_of_bodies", "崆峒区建成新材料、生物医药等3个省级重点实验室。", "生物医药", F),
    ("enumerations.reject_generic_item", "崆峒区推进重点、特色等项目。", "特色", F),
    ("enumerations.reject_too_few_items", "崆峒区推进重点、陇东云谷2个项目。", "陇东云谷", F),
    ("enumerations.split_leading_companies", "平凉汇泾智造有限公司年产5万吨铝材项目、陇东云谷科技有限公司数据中心项目等2个项目开工。",
     "年产5万吨铝材项目", T),
    # industries by their head
    ("clusters.reject_kind_of_industry", "崆峒区壮大苹果主导产业。", "苹果主导", F),
    ("clusters.reject_park_or_partnership_after", "崆峒区深化电工电器产业合作。", "电工电器", F),
    ("clusters.reject_event_or_body", "崆峒区举办电工电器产业博览会。", "电工电器", F),
    ("clusters.trim_leading_place", "平凉市电工电器产业发展迅速。", "电工电器", T),
    # a short form before a known industry term: the place's industry (before other words it may be a name's
    # part: 崆峒苹果 stays, as 南康家具)
    ("clusters.trim_leading_place", "平凉数字经济核心产业增加值增长两成。", "数字经济", T),
    ("clusters.reject_place_alone", "陇南产业发展迅速。", "陇南", F),
    ("clusters.trim_not_industry_lead", "崆峒区下游果品加工产业加快发展。", "果品加工", T),
    ("clusters.trim_not_industry_lead", "平凉市规模以上电子商务核心产业营收增长10%。", "电子商务", T),
    ("clusters.drop_stage_tail", "崆峒区发展电工装备研发产业。", "电工装备", T),
    ("clusters.drop_level_lead", "崆峒区打造千亿级电工电器产业集群。", "电工电器", T),
    ("clusters.drop_industry_before_cluster", "崆峒区壮大电工电器产业集群。", "电工电器产业", F),
    ("clusters.drop_whole_mark", "崆峒区完善苹果全产业链。", "苹果", T),
    ("clusters.drop_whole_mark", "平凉市茶全产业链产值超过50亿元。", "茶全", F),   # (茶 alone is too short to name)
    ("clusters.drop_whole_mark", "崆峒区电子商务核心产业营收增长。", "电子商务", T),
    ("clusters.reject_verb_phrase", "崆峒区抓龙头育集群。", "抓龙头育", F),
    ("clusters.reject_verb_phrase", "“链条+区域”，协同融合强集群——", "协同融合强", F),
    ("clusters.reject_not_noun_phrase", "崆峒区紧扣产业主平台定位。", "紧扣", F),
    ("clusters.reject_park_or_kind", "崆峒区发展劳动密集型产业。", "劳动密集型", F),
    ("clusters.reject_park_or_kind", "崆峒区培育一批关联性产业集群。", "关联性", F),
    ("clusters.reject_generic_core", "平凉搭建生产基地，便可打通南北产业衔接。", "南北", F),
    ("clusters.reject_park_or_kind", "崆峒区构建全链条生态，让园区产业活力更加朝气蓬勃。", "园区", F),
    ("clusters.reject_generic_core", "崆峒区发展现代农业产业。", "现代农业", F),
    ("clusters.reject_counted", "崆峒区发展5G产业。", "5G", F),
    ("clusters.reject_quality", "崆峒区拥有完整产业链。", "完整", F),
    ("clusters.reject_book_title", "崆峒区印发《电工电器产业集群培育方案》。", "电工电器", F),
    # divisions and villages
    ("places.reject_risky_short_form", "崆峒区推进乡村振兴。", "振兴", F),
    ("places.reject_generic_zone", "崆峒区建设特色产业园区。", "特色产业园区", F),
    ("places.reject_named_after_place", "崆峒区平凉路改造完工。", "平凉", F),
    ("places.reject_unlisted", "崆峒区建设汇泾智造村。", "设汇泾智造村", F),
    ("places.reject_short_glued", "崆峒区王村电商发展迅速。", "王村", F),
    ("places.reject_common_village", "崆峒区推进中心村建设。", "中心村", F),
    ("places.reject_mid_word_glued", "崆峒区新上李村电商发展迅速。", "上李村", F),
    ("places.reject_kind_after_modifier", "崆峒区评选一批生态示范村。", "示范村", F),
    ("places.spare_after_ancestor", "陇南礼县推进苹果产业发展。礼县苹果远销海外。", "礼县", T),
    # a short form many towns share (梨树镇, 梨树乡 …), anchored by its city: the county, there and later
    ("places.spare_after_ancestor", "四平梨树推进玉米产业发展。记者来到梨树，看到田野一片金黄。", "梨树", T),
    # places outside the division table (kg/data/foreign_places.tsv)
    ("places.reject_mid_word", "崆峒区打造完美国度文旅品牌。", "美国", F),
    ("places.reject_inside_quoted_name", "崆峒区推出“智利风情”文旅街区。", "智利", F),
    ("places.reject_dash_joined", "平凉苹果亮相中国—智利经贸论坛。", "中国", F),
    ("places.placed_by_list", "平凉苹果销往智利圣地亚哥、蒙得维的亚。", "蒙得维的亚", T),
    ("places.placed_by_cue", "平凉苹果首次出口到利马。", "利马", T),
    ("places.placed_by_name", "乌拉圭经济持续增长。", "乌拉圭", T),
    ("places.reject_without_context", "蒙特雷经济持续增长。", "蒙特雷", F),
    # bodies named after their division or zone
    ("bodies.reject_no_body_word", "崆峒区推动成立乡村振兴局。", "崆峒区", F),
    ("bodies.reject_bare_character", "平凉市局召开会议。", "平凉市局", F),
    ("bodies.reject_hall_below_province", "崆峒区苹果产业园展示厅里琳琅满目。", "崆峒区苹果产业园展示厅", F),
    ("bodies.reject_national_anchor", "中国总工会发布通知。", "中国总工会", F),
    ("bodies.reject_common_word_anchor", "由平凉市工业和信息化局牵头，会同市数据局等部门评估。", "会同市数据局", F),
    ("bodies.reject_found_by_shape", "甘肃省平凉工业园区管理委员会发布通知。", "甘肃省平凉工业园区管理委员会", F),
    ("bodies.take_party_lead", "中共崆峒区委召开全会。", "中共崆峒区委", T),
    ("bodies.alias_division_chain", "甘肃省平凉市崆峒区发展和改革局发布通知。", "甘肃省平凉市崆峒区发展和改革局", F),
    # organisations by their context and by their name's shape
    ("organisations.reject_odd_length", "推动A、陇东云谷加快上市。", "A", F),
    ("organisations.reject_generic", "推动重点企业、陇东云谷加快上市。", "重点企业", F),
    ("organisations.reject_taken", "推动陇南汇泾智造有限公司、陇东云谷加快上市。", "陇南汇泾智造有限公司", F),
    ("organisations.reject_trigger_inside", "推动上市后备企业、陇东云谷加快签约。", "上市后备企业", F),
    ("organisations.reject_project", "推动重点项目、陇东云谷加快投产。", "重点项目", F),
    ("organisations.reject_verb_lead", "支持新增企业、陇东云谷加快投产。", "新增企业", F),
    ("organisations.reject_brand_length", "崆峒区鑫农业获批国家级龙头企业。", "崆峒区鑫农业", F),
    ("organisations.take_place_before", "崆峒区鑫垚农业获批国家级龙头企业。", "崆峒区鑫垚农业", T),
    ("organisations.reject_not_after_break", "崆峒区农户鑫垚农业获批国家级龙头企业。", "鑫垚农业", F),
    ("organisations.reject_not_before_verb", "崆峒区鑫垚农业产品畅销。", "崆峒区鑫垚农业", F),
    ("organisations.reject_overlap", "推动鑫垚农业加快上市。", "鑫垚农业", F),
    ("organisations.reject_rare_in_list", "崆峒区发展金通材料、隔膜等产品。", "金通材料", F),
    ("organisations.take_registered_clause", "“订单排到了年底。”平凉汇泾推广运营有限公司总经理张某说。",
     "平凉汇泾推广运营有限公司", T),
    ("organisations.reject_name_length", "“订单排到了年底。”A董事长张某说。", "A", F),
    ("organisations.reject_unbroken", "“订单排到了年底。”汇泾陇鑫智能装备制造科技研究所在地总经理张某说。",
     "装备制造科技研究所在地", F),
    ("organisations.reject_generic_name", "“订单排到了年底。”公司总经理张某说。", "公司", F),
    ("organisations.reject_found", "“订单排到了年底。”陇东云谷科技有限公司董事长张某说。", "陇东云谷科技有限公司", F),
    ("organisations.reject_place_alone", "“订单排到了年底。”平凉总经理张某说。", "平凉", F),
    ("organisations.reject_industry", "崆峒区以电工电器、果品加工为龙头。", "电工电器", F),
]

# the rules of a name's boundaries (names/common.py: EDGE_STOPS, where a name's part of speech ends it):
# (module.rule, text, a name found (label), found or not); switched off, the result flips
EDGES = [
    ("common.stop_at_closed_class", "电工电器就是我们开发区的重点产业。", "电工电器就是我们开发区", F),
    ("common.stop_at_closed_class", "崆峒区电商就是通过电工电器产业园起步的。", "电工电器产业园", T),
    ("common.stop_before_governed_name", "他回乡创办平凉汇泾科技有限公司。", "平凉汇泾科技有限公司", T),
    ("common.stop_before_governed_name", "崆峒区联合兰州大学共建果品研究院。", "兰州大学", T),
    ("common.stop_before_governed_name", "崆峒区坐拥vivo西北研发中心。", "vivo西北研发中心", T),
    ("common.stop_before_governed_name", "崆峒区联合中种集团开展育种攻关。", "中种集团", T),
    ("common.stop_at_quantity", "崆峒区多个果品集团相继成立。", "崆峒区多个果品集团", F),
    ("common.stop_at_quantity", "崆峒区引进20余家果品公司。", "20余家果品公司", F),
    ("common.stop_at_joint_after_name", "平凉汇泾科技与陇东云谷有限公司签署合作协议。", "陇东云谷有限公司", T),
    ("common.stop_at_with_between_names", "崆峒区组织果品企业与汇泾集团座谈。", "果品企业与汇泾集团", F),
    ("common.stop_at_with_between_names", "崆峒区支持汇泾通与兰州大学共建果品研究院。", "兰州大学", T),
    ("common.stop_at_localizer_after_place", "记者走访了崆峒工业园区内果品加工产业的龙头企业。", "果品加工", T),
    ("common.stop_at_localizer_after_place", "平凉科创城计划在园区里建学校。", "园区里建学校", F),
    ("common.stop_at_kind_before_name", "本地果品企业汇泾集团的转型是一个缩影。", "汇泾集团", T),
    ("common.stop_at_kind_before_name", "崆峒区龙头企业陇鑫科技有限公司投产。", "陇鑫科技有限公司", T),
    ("common.stop_at_lone_verb_before_head", "崆峒区果品企业在兰州新区设研发中心。", "兰州新区设研发中心", F),
    ("common.stop_at_lone_verb_before_head", "他在村干部介绍下来到产业园务工。", "下来到产业园", F),
    ("common.stop_at_date", "“5月12日项目过审，6月开工。”平凉市果品公司负责人说。", "5月12日", F),
    ("common.stop_at_date", "记者了解到，2024年果品研究中心挂牌成立。", "2024年果品研究中心", F),
    ("common.trim_lead_particle", "据果品行业协会统计，崆峒区苹果产量增长。", "果品行业协会", T),
    ("common.trim_lead_particle", "崆峒区苹果远销至果品交易中心。", "至果品交易中心", F),
    ("common.trim_verb_complement", "崆峒区加快构建起先进电池、光伏两大产业。", "先进电池", T),
    ("common.join_noun_verb_compound", "崆峒区建成陇东数据清洗基地。", "陇东数据清洗基地", T),
    ("common.join_noun_verb_compound", "崆峒区成立陇东基因与细胞治疗中心。", "陇东基因与细胞治疗中心", T),
]

# steps no text can reach, and why (a test checks the reason)
UNREACHABLE = {
    "places.reject_one_character": "the division table's scanner holds no surface of one character",
}

# (finder or pass, text, what extract() gives: a label or alias, (label, {attr: value}) or a relation
#  (head, relation, tail), given or not)
RUNS = [
    ("suffix_spans", "崆峒区苹果产业园开园。", "崆峒区苹果产业园", T),
    ("table_cells", "| 园区 | 主导产业 |\n| --- | --- |\n| 崆峒工业园区 | 电工电器、果品加工 |", "果品加工", T),
    ("colon_listed_industries", "崆峒区重点发展三大产业。其中，首位产业2个：电工电器、果品加工。", "果品加工", T),
    ("enumeration_spans", "崆峒区推进汇泾智造、陇东云谷等5个项目建设。", "汇泾智造", T),
    ("industries_by_head", "崆峒区壮大电工电器产业。", "电工电器", T),
    ("conjoined_industries", "崆峒区壮大电工电器、果品加工和冷链物流产业。", "果品加工", T),
    ("industry_terms", "崆峒区大力发展跨境电商等新业态。", "跨境电商", T),
    ("industries_as_object", "崆峒区重点发展果品精深加工和冷链物流。", "冷链物流", T),
    ("industries_as_object", "平凉市聚焦影视短剧、游戏动漫、创意设计，组建产业基金。", "游戏动漫", T),
    ("listed_industries", "崆峒区主导产业为电工电器、果品加工和文化旅游。", "果品加工", T),
    ("district_spans", "崆峒区苹果产业园开园。", "崆峒区", T),
    ("village_spans", "草峰镇张寨村、范河村发展苹果种植。", "范河村", T),
    ("foreign_spans", "平凉苹果首次出口到智利。", "智利", T),
    ("divisions_after_country", "平凉苹果首次出口到智利瓦尔帕莱索市。", "瓦尔帕莱索市", T),
    ("body_spans", "崆峒区委书记介绍，崆峒区今年新增企业30家。", "崆峒区委", T),
    ("body_spans", "崆峒区果树科技小院揭牌。", "崆峒区果树科技小院", T),   # (a body's word of two tokens)
    ("body_spans", "平凉市与曼谷气象局签订合作协议。", "曼谷气象局", T),   # (a place outside the table)
    ("org_context_spans", "推动汇泾智造、陇东云谷加快上市。", "汇泾智造", T),
    ("org_officer_spans", "“订单排到了年底。”汇泾智造创始人张某说。", "汇泾智造", T),
    ("org_officer_spans", "“订单排到了年底。”共绩智造创始人张某说。", "共绩智造", T),   # 绩: a bound morpheme
    ("org_lead_list_spans", "崆峒区以汇泾、陇鑫为龙头，壮大装备制造产业。", "汇泾", T),
    ("org_listed_spans", "崆峒区吸引了汇泾、陇鑫、通用电气等16家航空维修及配套领域的知名企业投资。", "陇鑫", T),
    ("brand_org_spans", "崆峒区鑫垚农业获批国家级龙头企业。", "崆峒区鑫垚农业", T),
    ("context_codes", "四平市铁东区、铁西区加快发展。", "铁西区", T),
    ("assign_codes", "崆峒区加快发展。", ("崆峒区", {"adminLevel": "county"}), T),
    ("drop_unanchored_short_forms", "崆峒苹果远销海外。", "崆峒区", F),
    ("drop_unanchored_zones", "崆峒区职工到万宝川农场参观。", "万宝川农场", F),
    ("drop_given_names", "崆峒区果业中心主任李兰州介绍，今年苹果产量增长两成。", "兰州市", F),
    ("join_parent_prefix", "平凉市崆峒区苹果产业园开园。", "平凉市崆峒区", T),
    ("inner_names", "崆峒区加快发展。草峰镇苹果产业园开园。", "草峰镇", T),
    ("places_of_listed_parks", "平凉市推进崆峒、泾川、灵台三个片区建设。", "泾川县", T),
    ("places_opening_names", "甘肃平凉汇泾智慧物流产业园开园。", "平凉市", T),
    ("present_codes", "崆峒区推进甘肃苹果产业园建设。", "甘肃省", T),
    ("place_villages_in_towns", "崆峒区草峰镇张寨村发展苹果种植。", ("张寨村", "locatedIn", "草峰镇"), T),
    ("names_written_again", "崆峒区大力发展电工电器产业。去年，陇东工业园电工电器产值增长两成。",
     ("陇东工业园", "developsCluster", "电工电器"), T),
    ("drop_functions_combined", "平凉建成集展示、营销、活动组织于一体的苹果产业园。", "活动组织", F),
    ("zones_written_bare", "平凉经济技术开发区位于平凉市。近年来，经开区引进了陇源智能科技有限公司。",
     ("陇源智能科技有限公司", "locatedIn", "平凉经济技术开发区"), T),
]


def step(name: str):
    """(finder, step) of ``module.step``."""
    module, fn = name.split(".")
    for finder in FINDERS:
        if finder.module == module + ".py":
            for _, s in finder.steps():
                if s.__name__ == fn:
                    return finder, s
    raise KeyError(name)


def found(finder, text: str) -> set[str]:
    """The names (labels) ``finder`` gives in ``text``, its spans read as find_names reads them."""
    reading, out = Reading(), set()
    for sent in make_doc(text).sentences:
        shape = shape_spans(sent, reading)
        reading.taken, _ = settle(list(shape), districts.division_or_name)
        for sp in shape + context_spans(sent, reading):
            if finder.made(sp.rule):
                out.add(sp.name)
    return out


def given(text: str, expect) -> bool:
    x = extract(make_doc(text))
    label = {e.key: e.label for e in x.entities}
    if isinstance(expect, tuple) and len(expect) == 3:
        return expect in {(label[r.head], r.rel, label[r.tail]) for r in x.relations}
    if isinstance(expect, tuple):
        name, attrs = expect
        return any(e.label == name and all(dict(e.attrs).get(k) == v for k, v in attrs.items()) for e in x.entities)
    return any(expect in (e.label, *e.aliases) for e in x.entities)


def rules() -> dict:
    return {f.name: f.find for f in FINDERS} | {p.__name__: p for p in kx.PASSES}


@pytest.mark.parametrize("entry", STEPS, ids=[e[0] for e in STEPS])
def test_step_gives_its_result_and_only_it_does(entry):
    name, text, result, want, also = (*entry, ())[:5]
    finder, s = step(name)
    others = [step(o)[1] for o in also]
    with switched_off(*others) if others else nullcontext():
        assert (result in found(finder, text)) == want, found(finder, text)
    with switched_off(s, *others):
        assert (result in found(finder, text)) != want, found(finder, text)


@pytest.mark.parametrize("entry", RUNS, ids=[e[0] for e in RUNS])
def test_finder_or_pass_gives_its_result_and_only_it_does(entry):
    name, text, expect, want = entry
    assert given(text, expect) == want
    with switched_off(rules()[name]):
        assert given(text, expect) != want


def edge_rule(name: str):
    module, fn = name.split(".")
    return getattr(sys.modules[f"kg.extract.names.{module}"], fn)


def names_of(text: str) -> set[str]:
    """Every name the finders keep in ``text`` (labels)."""
    return {sp.name for spans in find_names(make_doc(text)).per_sentence for sp in spans}


@pytest.mark.parametrize("entry", EDGES, ids=[e[0] for e in EDGES])
def test_edge_rule_gives_its_boundary_and_only_it_does(entry):
    name, text, result, want = entry
    assert (result in names_of(text)) == want, names_of(text)
    with switched_off(edge_rule(name)):
        assert (result in names_of(text)) != want, names_of(text)


def test_a_name_grown_past_a_verb_is_named_apart():
    """join_noun_verb_compound: 陇东数据清洗基地 is grown past 清洗 (a noun's verb before the head), a
    generous reading that its rule says (suffix-compound:基地); a name grown past no verb keeps suffix:."""
    rules = {sp.name: sp.rule for spans in find_names(make_doc("崆峒区建成陇东数据清洗基地和陇东苹果基地。")).per_sentence
             for sp in spans}
    assert rules["陇东数据清洗基地"] == "suffix-compound:基地"
    assert rules["陇东苹果基地"] == "suffix:基地"
    # a verb and its complement (运到) moves a thing somewhere: a predicate, no part of the name
    names = {sp.name for spans in find_names(make_doc("这台机器运到博物馆时仅是一批零件。")).per_sentence for sp in spans}
    assert not [n for n in names if "运到" in n], names


def test_two_industries_joined_under_one_head_are_one_industry():
    """电工电器与果品加工产业, 电工电器及果品加工装备产业: 与 or 及 between two nouns under one head joins
    them into one industry (an industry's side may end like a name's head: 装备); 和 lists them."""
    assert names_of("崆峒区发展电工电器与果品加工产业。") >= {"电工电器与果品加工"}
    assert names_of("崆峒区发展电工电器及果品加工装备产业。") >= {"电工电器及果品加工装备"}
    assert names_of("崆峒区发展电工电器和果品加工产业。") >= {"电工电器", "果品加工"}


def test_every_edge_rule_has_an_entry_and_a_row_in_the_docs():
    from kg.extract.names import common

    rules = {f"common.{r.__name__}" for r in common.EDGE_STOPS + common.EDGE_LEADS + common.EDGE_JOINS}
    assert rules == {e[0] for e in EDGES}
    docs = (ROOT / "docs" / "internals.md").read_text(encoding="utf-8")
    assert all(f"`{r.split('.')[1]}`" in docs for r in rules)


def test_every_finder_step_and_pass_has_an_entry():
    covered = {e[0] for e in STEPS} | set(UNREACHABLE)
    steps = {f"{f.module[:-3]}.{s.__name__}" for f in FINDERS for _, s in f.steps()}
    assert steps == covered
    assert {e[0] for e in RUNS} == set(rules())


def test_a_head_may_run_into_a_title_or_a_word_of_place():
    """reject_head_mid_token: 协会 ends inside the word 协会会长 (协会 + 会长, an officer's title), 中心 inside
    心里 (中 + 心里, 里 a word of place): the names stand (a head running on into another word does not:
    苹果产业集团化, the entry above)."""
    finder, _ = step("suffix.reject_head_mid_token")
    assert "平凉苹果协会" in found(finder, "平凉苹果协会会长张某说。")
    assert "崆峒区果品检测中心" in found(finder, "在崆峒区果品检测中心里，新品种不断涌现。")


def test_a_division_written_after_an_ancestor_is_anchored():
    """drop_unanchored_short_forms: a county's short form right after one of its ancestors (甘肃崆峒) counts,
    though the article names neither its city nor the county in full; alone it does not."""
    assert given("甘肃崆峒苹果远销海外。", "崆峒区")
    assert not given("崆峒苹果远销海外。", "崆峒区")
    # the zone of a county, written right after that county
    assert given("灵台县万宝川农场新建果园。", "万宝川农场")


def test_an_anchored_risky_name_counts_only_as_whole_words():
    """spare_after_ancestor: 礼县, anchored by 陇南礼县, is that county later only where words begin and end
    there (not in 典礼县城…: 典礼 + 县城)."""
    assert given("陇南礼县推进苹果产业发展。礼县苹果远销海外。", "礼县")
    x = extract(make_doc("陇南礼县推进苹果产业发展。开园典礼县城举行。"))
    county = next(e for e in x.entities if e.label == "礼县")
    assert len(county.mentions) == 1


def test_a_community_is_a_village_level_division():
    """village_spans: X社区 of the national table, before a break, is a village-level division, placed in
    the town the text names (place_villages_in_towns); a kind of community (智慧社区) is none."""
    assert given("崆峒区东关街道宝塔社区、广场社区举办苹果文化节。", ("宝塔社区", "locatedIn", "东关街道"))
    assert not given("崆峒区建设智慧社区、和谐社区。", "智慧社区")


def test_a_port_or_bay_named_after_a_place_is_no_mention():
    """reject_named_after_place: 平凉港, 平凉湾 are a port and a bay named after the city (short forms only)."""
    assert not given("平凉港吞吐量增长。", "平凉市")
    assert not given("平凉湾景区开园。", "平凉市")
    assert given("平凉市港务局成立。", "平凉市")


def test_a_town_of_the_table_outranks_a_park_head_that_crosses_its_stem(monkeypatch):
    """town_outranks_head: 定方水乡 ends like a park's head (水乡) but is a town of the table written in full."""
    def types(text):
        return {e.label: set(e.types) for e in extract(make_doc(text)).entities}

    text = "支持定方水乡发展香菇种植。"
    assert "District" in types(text)["定方水乡"]
    monkeypatch.setattr(districts, "town_outranks_head", lambda name, division: False)
    assert "District" not in types(text)["定方水乡"]


def test_a_division_named_after_its_city_yields_to_it():
    """Gazetteer.resolve: 白银 names 白银市 and its 白银区; where the context does not settle it, the city
    that holds its namesake is meant."""
    g = gazetteer()
    assert g.resolve("白银", {"620000"}).code == "620400"
    assert g.resolve("白银", {"620402"}).code == "620402"


def test_foreign_places_come_from_cldr_and_spare_the_table():
    """kg/data/foreign_places.tsv records its source; a name the division table also holds is left to it."""
    from kg.extract.divisions import foreign_places
    from kg.resources import read_text

    assert read_text("data", "foreign_places.tsv").startswith("# source: babel ")
    table = foreign_places()
    assert table["乌拉圭"].kind == "country" and table["蒙得维的亚"].territory == "UY"
    assert "黑山" not in table and "上海" not in table


def test_unreachable_steps_are_so():
    """No surface of the division table has one character: reject_one_character never rejects."""
    assert min(len(s) for s in gazetteer().surfaces()) >= 2
    sf = places.Surface("京津冀", 0, 1, "京", [], False)
    assert places.reject_one_character(sf)


def test_a_new_area_of_the_table_is_both_district_and_park(monkeypatch):
    """兰州新区 is a park by its head and a division of the table: it keeps the division's code."""
    def types(text):
        return {e.label: set(e.types) for e in extract(make_doc(text)).entities}

    text = "兰州新区加快发展精细化工产业。"
    assert types(text)["兰州新区"] >= {"District", "Park"}
    monkeypatch.setattr(districts, "new_area_is_both", lambda park: False)
    assert types(text)["兰州新区"] == {"Park"}


@pytest.mark.parametrize("text,name,rule", [
    ("据了解，汇泾高科在哈萨克斯坦的市场份额达到20%。", "汇泾高科", "org:brand-trade"),   # 高 + 科: one industry word
    ("锦祥钴业从钴矿开发做到新材料全产业链。", "锦祥钴业", "org:brand-trade"),   # 钴 + 业: a trade
    ("金通材料获批国家级龙头企业。", "金通材料", "org:brand-rare"),   # 金通: a word jieba barely knows
    ("推动汇克药业加快发展。", "汇克药业", "org:brand"),   # 克 is a measure after a number only
    ("专注果品保鲜的陇正科技入驻崆峒工业园区。", "陇正科技", "org:brand"),   # 正 (an adverb) between two
])
def test_a_brand_is_read_across_the_words_jieba_makes_of_it(text, name, rule):
    """brand_org_spans reads an industry word written in single characters (高科; a material's character
    before 业), a brand holding a word the dictionary barely knows, a measure's character that follows no
    number, and a function word's character between two of the brand's (陇正科技)."""
    spans = {sp.name: sp.rule for sp in organisations.brand_org_spans(make_doc(text).sentences[0], Reading())}
    assert spans.get(name) == rule, spans


def test_a_short_name_of_a_company_is_an_alias_of_its_full_name(monkeypatch):
    """陇鑫电机 (the officer's company) abbreviates 平凉陇鑫智能电机有限公司 of the same article (its characters in
    order, the first two together): one company; 陇东云谷 abbreviates nothing written there."""
    from kg.extract import entities

    text = ("平凉陇鑫智能电机有限公司年产值突破5亿元。“订单排到了年底。”陇鑫电机总经理张某说。"
            "“订单排到了年底。”陇东云谷总经理李某说。")

    def companies():
        return {e.label: e.aliases for e in extract(make_doc(text)).entities if "Organization" in e.types}

    assert companies() == {"平凉陇鑫智能电机有限公司": ("陇鑫电机",), "陇东云谷": ()}
    monkeypatch.setattr(entities, "_abbreviations", lambda per_sentence, short: None)
    assert set(companies()) == {"平凉陇鑫智能电机有限公司", "陇鑫电机", "陇东云谷"}


def test_registry_runs_in_the_order_it_declares():
    """FINDERS lists the finders as find_names runs them: the shape finders (cluster_spans runs the
    industry finders clause by clause, and what follows a head after it), then the context finders."""
    from kg.extract import names

    ran = []
    for f in names.BY_SHAPE + names.BY_CONTEXT:
        if f is clusters.cluster_spans:
            ran += [clusters.CLAUSE_FINDERS[0], *clusters.AFTER_HEAD, *clusters.CLAUSE_FINDERS[1:]]
        else:
            ran.append(f)
    assert [f.find for f in FINDERS] == ran
    spans = [r for f in FINDERS for r in f.rules]
    assert len(spans) == len(set(spans))


def test_switched_off_puts_everything_back():
    before = (enumerations.ITEM_FILTERS, organisations.BRAND_FILTERS, kx.PASSES)
    with switched_off(enumerations.reject_odd_size, organisations.reject_overlap, districts.assign_codes):
        assert enumerations.reject_odd_size not in enumerations.ITEM_FILTERS
        assert districts.assign_codes not in kx.PASSES
    assert (enumerations.ITEM_FILTERS, organisations.BRAND_FILTERS, kx.PASSES) == before
    with pytest.raises(ValueError):
        with switched_off(make_doc):
            pass


def docs_rows() -> list[tuple[str, str, str]]:
    """(name, module, stage) of each row of the name rules' table in docs/internals.md."""
    text = (ROOT / "docs" / "internals.md").read_text(encoding="utf-8")
    section = text.split("## Name rules", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        m = re.match(r"\| `(\w+)` \| (\w+\.py) \| ([^|]+?) \|", line)
        if m:
            rows.append((m.group(1), m.group(2), m.group(3)))
    return rows


def registry_rows() -> list[tuple[str, str, str]]:
    rows = []
    for f in FINDERS:
        rows.append((f.name, f.module, "finder: " + ", ".join(f"`{r}`" for r in f.rules)))
        rows += [(s.__name__, f.module, stage) for stage, s in f.steps()]
    rows += [(p.__name__, p.__module__.rsplit(".", 1)[-1] + ".py", "pass") for p in kx.PASSES]
    return rows


def test_docs_list_the_name_rules_as_the_registry_has_them():
    assert docs_rows() == registry_rows()


def test_a_brand_alone_beside_the_brand_and_its_head_is_that_company(monkeypatch):
    """汇泾创源 and 汇泾创源公司 in one article: one company (the brand is what its head names)."""
    from kg.extract import entities

    text = "在汇泾创源公司，干部已驻企3个月。崆峒区同汇泾创源、陇鑫智造等公司研究对策。"

    def companies():
        return {e.label: e.aliases for e in extract(make_doc(text)).entities if "Organization" in e.types}

    assert companies() == {"汇泾创源公司": ("汇泾创源",), "陇鑫智造": ()}
    monkeypatch.setattr(entities, "_abbreviations", lambda per_sentence, short: None)
    assert set(companies()) == {"汇泾创源公司", "汇泾创源", "陇鑫智造"}
