"""The hard rules of attribution: causal order, sector, scope, kind, competing explanations."""

from __future__ import annotations

import datetime as dt

import pytest

from attribute._build import INDUSTRY_TEXT, PUBLISHED_001, event, measure, node
from carbonnodes.attribute import AttributionSettings, NodeExplanation, attribute
from carbonnodes.calendar import events
from carbonnodes.model import Event, Link, Measure

DAY = dt.timedelta(days=1)


def cause_ids(explanation_causes: tuple[object, ...]) -> list[str]:
    return [link.explanation.id for link in explanation_causes]  # type: ignore[attr-defined]


def test_measure_one_day_after_node_is_later_never_cause() -> None:
    [result] = attribute([node(PUBLISHED_001 - DAY)], [measure("m1")], [])
    assert result.causes == ()
    assert result.none_found
    assert [link.explanation.id for link in result.later] == ["m1"]
    assert result.later[0].relation == "announced_later"
    assert result.later[0].lag_days == -1


def test_announced_later_lists_only_measures_that_could_have_been_causes() -> None:
    day = PUBLISHED_001 - DAY
    generic = measure(
        "m-generic", sectors=("cross_cutting",), kind="safeguard", title="加强组织领导",
        text="各区住房建设管理部门要牵头组织本区有关部门认真落实实施方案。",
    )
    [result] = attribute([node(day)], [measure("m1"), generic], [])
    assert [link.explanation.id for link in result.later] == ["m1"]


def test_measure_on_node_day_is_a_cause_with_zero_lag() -> None:
    [result] = attribute([node(PUBLISHED_001)], [measure("m1")], [])
    assert cause_ids(result.causes) == ["m1"]
    assert result.causes[0].lag_days == 0
    assert result.causes[0].relation == "cause"


def test_anticipation_allowance_between_announcement_and_effect() -> None:
    # A 条例 passed 2021-09-27 and in force 2021-11-01 may act from 60 days before it.
    law = measure("law", published=dt.date(2021, 9, 27), effective=dt.date(2021, 11, 1))
    [before_public, announced, in_force] = attribute(
        [node(dt.date(2021, 9, 26)), node(dt.date(2021, 10, 15)), node(dt.date(2021, 12, 1))],
        [law],
        [],
    )
    assert before_public.causes == () and cause_ids(before_public.later) == ["law"]
    assert cause_ids(announced.causes) == ["law"]
    assert announced.causes[0].lag_days == -17
    assert cause_ids(in_force.causes) == ["law"]
    assert in_force.causes[0].score > announced.causes[0].score


def test_announced_long_before_effect_is_not_yet_a_cause() -> None:
    far = measure("far", published=dt.date(2021, 9, 27), effective=dt.date(2022, 6, 1))
    [result] = attribute([node(dt.date(2021, 10, 15))], [far], [])
    assert result.causes == ()
    assert cause_ids(result.later) == ["far"]


def test_lag_window_ends_after_max_lag() -> None:
    settings = AttributionSettings(min_score=0.0)
    inside, outside = attribute(
        [node(PUBLISHED_001 + 730 * DAY), node(PUBLISHED_001 + 731 * DAY)],
        [measure("m1")],
        [],
        settings=settings,
    )
    assert cause_ids(inside.causes) == ["m1"]
    assert outside.causes == () and outside.later == ()


def test_time_plausibility_peaks_months_after_the_measure() -> None:
    settings = AttributionSettings(min_score=0.0)
    days = [0, 60, 400, 700]
    results = attribute(
        [node(PUBLISHED_001 + d * DAY) for d in days], [measure("m1")], [], settings=settings
    )
    times = [r.causes[0].components["time"] for r in results]
    assert times[1] == 1.0
    assert times[0] < times[1] and times[1] > times[2] > times[3]


def test_industry_measure_never_explains_ground_transport() -> None:
    steel = measure("steel", sectors=("industry",), text=INDUSTRY_TEXT)
    settings = AttributionSettings(min_score=0.0)
    [result] = attribute([node(PUBLISHED_001 + 90 * DAY)], [steel], [], settings=settings)
    assert result.causes == () and result.later == ()
    [before] = attribute([node(PUBLISHED_001 - DAY)], [steel], [], settings=settings)
    assert before.later == ()


def test_cross_cutting_measure_scores_below_sector_measure() -> None:
    sector = measure("a_sector")
    cross = measure("b_cross", sectors=("cross_cutting",))
    [result] = attribute([node(PUBLISHED_001 + 90 * DAY)], [cross, sector], [])
    assert cause_ids(result.causes) == ["a_sector", "b_cross"]
    assert result.causes[1].components["sector"] == 0.5
    assert result.causes[0].components["sector"] == 1.0


def test_beijing_measure_never_explains_tianjin_but_national_may() -> None:
    beijing = measure("beijing", region="beijing", scope="province")
    national = measure("national", region="china", scope="national")
    settings = AttributionSettings(min_score=0.0)
    [result] = attribute(
        [node(PUBLISHED_001 + 90 * DAY)], [beijing, national], [], settings=settings
    )
    assert cause_ids(result.causes) == ["national"]
    assert result.causes[0].components["scope"] == 0.6


@pytest.mark.parametrize(
    ("province", "city"),
    [("sichuan", "chengdu"), ("jiangsu", "suzhou_jiangsu"), ("anhui", "suzhou_anhui")],
)
def test_province_and_city_measures_reach_each_other_at_their_scope(
    province: str, city: str
) -> None:
    """A province's measure reaches its city's nodes at 0.8; a city's measure its province's
    nodes at 0.4, a part of the province. Chengdu is in the table the calendar names; 苏州 and
    宿州 in that of the other cities."""
    of_province = measure(province, region=province, scope="province")
    of_city = measure(city, region=city, scope="city")
    settings = AttributionSettings(min_score=0.0)
    day = PUBLISHED_001 + 90 * DAY
    city_node, province_node = attribute(
        [node(day, city=city), node(day, city=province)],
        [of_province, of_city],
        [],
        settings=settings,
    )
    assert sorted(cause_ids(city_node.causes)) == sorted([city, province])
    [from_province] = [c for c in city_node.causes if c.explanation.id == province]
    assert from_province.components["scope"] == 0.8
    assert cause_ids(province_node.causes) == [province, city]
    [from_city] = [c for c in province_node.causes if c.explanation.id == city]
    assert from_city.components["scope"] == 0.4


def test_a_city_measure_never_reaches_another_province_or_a_sister_city() -> None:
    suzhou = measure("suzhou", region="suzhou_jiangsu", scope="city")
    settings = AttributionSettings(min_score=0.0)
    day = PUBLISHED_001 + 90 * DAY
    for place in ("zhejiang", "nanjing", "suzhou_anhui", "anhui"):
        [result] = attribute([node(day, city=place)], [suzhou], [], settings=settings)
        assert result.causes == (), place


def test_general_and_safeguard_rank_below_actions() -> None:
    measures = [
        measure("a_general", kind="general"),
        measure("b_safeguard", kind="safeguard"),
        measure("c_action", kind="action"),
    ]
    [result] = attribute(
        [node(PUBLISHED_001 + 90 * DAY)], measures, [], settings=AttributionSettings(min_score=0)
    )
    assert cause_ids(result.causes)[0] == "c_action"
    assert result.causes[0].score > result.causes[1].score


def test_undated_measures_are_counted_not_offered() -> None:
    undated = measure("undated", published=None)
    [result] = attribute([node(PUBLISHED_001 + 90 * DAY)], [undated, measure("m1")], [])
    assert cause_ids(result.causes) == ["m1"]
    assert all(link.explanation.id != "undated" for link in result.later)
    assert result.undated == 1


def test_attached_data_artefact_ranks_first_and_demotes_measures() -> None:
    day = dt.date(2023, 1, 1)
    artefact = event("share_step_2023", "data_artefact", day, scope="tianjin")
    [plain] = attribute([node(day)], [measure("m1")], [])
    [explained] = attribute([node(day, explained_by=(artefact.id,))], [measure("m1")], [artefact])
    top = explained.calendar[0]
    assert isinstance(top.explanation, Event) and top.explanation.id == artefact.id
    assert top.components["attached"] == 1.0
    assert all(top.score > link.score for link in explained.causes)
    assert all(link.score < plain.causes[0].score for link in explained.causes)


def test_overlapping_heating_season_competes_for_residential_only() -> None:
    # The seed report's node: 2020-11-16, a day after Tianjin's statutory heating start.
    heating = event(
        "heating_2020",
        "heating_season_start",
        dt.date(2020, 11, 15),
        scope="tianjin",
        sectors=("residential", "power"),
    )
    day = dt.date(2020, 11, 16)
    residential, transport = attribute(
        [node(day, sector="residential", kind="seasonal"), node(day)], [], [heating]
    )
    assert [link.explanation.id for link in residential.calendar] == ["heating_2020"]
    assert residential.calendar[0].relation == "calendar"
    assert transport.calendar == ()


def test_event_of_another_region_does_not_compete() -> None:
    lockdown = event("bj_lockdown", "lockdown", dt.date(2022, 5, 1), scope="beijing")
    [result] = attribute([node(dt.date(2022, 5, 3))], [], [lockdown])
    assert result.calendar == ()


def test_shared_shock_competes_and_demotes_local_measures_only() -> None:
    day = PUBLISHED_001 + 90 * DAY
    local = measure("local")
    national = measure("national", region="china", scope="national")
    settings = AttributionSettings(min_score=0.0)
    [alone] = attribute([node(day, peers=(2, 25))], [local, national], [], settings=settings)
    [shared] = attribute([node(day, peers=(20, 25))], [local, national], [], settings=settings)
    assert all(link.relation != "shared_shock" for link in alone.calendar)
    shock = shared.calendar[0]
    assert shock.relation == "shared_shock"
    assert shock.components["peer_share"] == 0.8
    scores = {link.explanation.id: link.score for link in shared.causes}
    before = {link.explanation.id: link.score for link in alone.causes}
    assert scores["local"] < before["local"]
    assert scores["national"] == before["national"]


def test_a_node_more_regions_show_than_chance_is_a_regional_shock() -> None:
    """Six of 25 regions where chance gives about one: not this region's alone, so a local
    measure is demoted, in proportion to how many show it; six where chance gives five stays
    local."""
    day = PUBLISHED_001 + 90 * DAY
    local = measure("local")
    settings = AttributionSettings(min_score=0.0)
    [regional] = attribute([node(day, peers=(6, 25), peers_expected=1.0)], [local], [],
                           settings=settings)
    [chance] = attribute([node(day, peers=(6, 25), peers_expected=5.0)], [local], [],
                         settings=settings)
    assert regional.node.reach == "partly_shared" and chance.node.reach == "local"
    shock = regional.calendar[0]
    assert shock.relation == "shared_shock" and shock.components["peer_share"] == 0.24
    assert "多地区共有" in shock.evidence and "偶然约1.0个" in shock.evidence
    assert all(link.relation != "shared_shock" for link in chance.calendar)
    assert regional.causes[0].score < chance.causes[0].score
    # six of 25 is about half of "half the regions": a bit under half of the full demotion
    assert regional.causes[0].components["demotion_shared"] == pytest.approx(1 - 0.4 * 0.48)


def test_measures_of_one_document_form_a_mix_scored_by_the_best() -> None:
    day = PUBLISHED_001 + 90 * DAY
    measures = [
        measure("d1-a"),
        measure("d1-b", kind="general"),
        measure("d2-a", doc_id="doc-002", sectors=("cross_cutting",)),
    ]
    [result] = attribute(
        [node(day)],
        measures,
        [],
        settings=AttributionSettings(min_score=0.0),
        doc_titles={"doc-001": "天津市碳达峰实施方案"},
    )
    first, second = result.mixes
    assert first.doc_id == "doc-001" and first.doc_title == "天津市碳达峰实施方案"
    assert {link.explanation.id for link in first.links} == {"d1-a", "d1-b"}
    assert first.score == max(link.score for link in first.links)
    assert second.doc_id == "doc-002" and second.doc_title == ""


def test_evidence_is_the_title_else_the_first_sentence() -> None:
    titled = measure("titled", title="推动运输工具装备低碳转型")
    untitled = measure("untitled")
    [result] = attribute([node(PUBLISHED_001 + 90 * DAY)], [titled, untitled], [])
    evidence = {link.explanation.id: link.evidence for link in result.causes}
    assert evidence["titled"] == "推动运输工具装备低碳转型"
    assert evidence["untitled"] == "推动运输工具装备低碳转型。"


def test_relevance_raises_the_fitting_measure() -> None:
    day = PUBLISHED_001 + 90 * DAY
    queries: list[str] = []

    def relevance(measure_id: str, query: str) -> float:
        queries.append(query)
        return 3.0 if measure_id == "b_fits" else -1.0

    [result] = attribute(
        [node(day)], [measure("a_other"), measure("b_fits")], [], relevance=relevance
    )
    assert cause_ids(result.causes) == ["b_fits", "a_other"]
    assert result.causes[0].components["relevance"] == 1.0
    assert result.causes[1].components["relevance"] == 0.5
    assert all("交通" in q and "减少" in q for q in queries)


def test_same_input_same_output_ties_broken_by_id() -> None:
    measures = [measure(f"m{i}") for i in (3, 1, 2)]
    day = PUBLISHED_001 + 90 * DAY
    first = attribute([node(day)], measures, [])
    second = attribute([node(day)], list(reversed(measures)), [])
    assert first == second
    assert cause_ids(first[0].causes) == ["m1", "m2", "m3"]
    assert all(isinstance(link.explanation, Measure) for link in first[0].causes)


def test_a_holiday_competes_only_with_an_episode_of_its_own_days() -> None:
    holiday = event("national_day", "public_holiday", dt.date(2021, 10, 1), dt.date(2021, 10, 7))
    shift, dip, after = attribute(
        [
            node(dt.date(2021, 10, 1)),
            node(dt.date(2021, 10, 2), kind="anomaly", end=dt.date(2021, 10, 8)),
            # starts three days after the break and lasts two weeks: not the holiday's
            node(dt.date(2021, 10, 10), kind="anomaly", end=dt.date(2021, 10, 23)),
        ],
        [],
        [holiday],
    )
    assert shift.calendar == ()
    assert [link.score for link in dip.calendar] == [0.5]
    assert after.calendar == ()


def test_artefact_off_the_node_date_competes_less() -> None:
    day = dt.date(2022, 6, 4)
    step = event("month_step_2022_06", "data_artefact", dt.date(2022, 6, 1), scope="tianjin")
    recent = measure("m1", published=day - 60 * DAY)
    [plain] = attribute([node(day)], [recent], [])
    [on_date] = attribute([node(dt.date(2022, 6, 1))], [recent], [step])
    [near] = attribute([node(day)], [recent], [step])
    assert 0.5 < near.calendar[0].components["proximity"] < 1.0
    assert near.calendar[0].score < on_date.calendar[0].score
    assert on_date.causes[0].score < near.causes[0].score < plain.causes[0].score


def test_trend_change_competes_with_heating_and_covid_not_with_holidays() -> None:
    # A slope change's ±60-day window meets a holiday almost anywhere in the year.
    day = dt.date(2021, 11, 1)
    heating = event("heating_2021", "heating_season_start", dt.date(2021, 11, 15), scope="tianjin")
    holiday = event("national_day", "public_holiday", dt.date(2021, 10, 1), dt.date(2021, 10, 7))
    workday = event("makeup_0918", "makeup_workday", dt.date(2021, 9, 18))
    [trend] = attribute(
        [node(day, kind="trend_change", half_window=60)], [], [heating, holiday, workday]
    )
    assert [link.explanation.id for link in trend.calendar] == ["heating_2021"]


def test_holidays_compete_only_with_a_change_dated_to_the_week() -> None:
    # An episode of a monthly series is dated to its month (±27 days): a month holds a
    # holiday or a make-up workday almost every time, and neither can be told to be its cause.
    # Dated to the week, it may be the holiday's, not the make-up workday's two days before it.
    holiday = event("national_day", "public_holiday", dt.date(2021, 10, 1), dt.date(2021, 10, 7))
    workday = event("makeup_0926", "makeup_workday", dt.date(2021, 9, 26))
    step = event("month_step_2021_10", "data_artefact", dt.date(2021, 10, 1), scope="tianjin")
    dip = dt.date(2021, 10, 5)
    week, month = attribute(
        [node(dt.date(2021, 9, 28), kind="anomaly", end=dip),
         node(dt.date(2021, 9, 28), kind="anomaly", end=dip, half_window=27)],
        [],
        [holiday, workday, step],
    )
    assert {link.explanation.id for link in week.calendar} == {"month_step_2021_10", "national_day"}
    assert [link.explanation.id for link in month.calendar] == ["month_step_2021_10"]


def test_weekly_cycle_change_competes_with_no_share_step() -> None:
    # A share scales every day of the region alike; only a sector switched off changes its
    # weekly cycle.
    day = dt.date(2021, 1, 1)
    step = event("artefact:year_step:tianjin:2021", "data_artefact", day, scope="tianjin")
    zero = event("artefact:residential_zero:tianjin:2021", "data_artefact", day, scope="tianjin")
    seasonal, shift = attribute(
        [node(day, kind="seasonal"), node(day)], [], [step, zero]
    )
    assert [link.explanation.id for link in seasonal.calendar] == [zero.id]
    assert {link.explanation.id for link in shift.calendar} == {step.id, zero.id}


def test_an_event_the_detector_attached_always_competes() -> None:
    holiday = event("national_day", "public_holiday", dt.date(2021, 10, 1), dt.date(2021, 10, 7))
    [trend] = attribute(
        [node(dt.date(2021, 10, 3), kind="trend_change", explained_by=(holiday.id,))],
        [],
        [holiday],
    )
    assert [link.explanation.id for link in trend.calendar] == ["national_day"]


def test_national_shape_data_offer_no_local_measure_off_their_share_steps() -> None:
    """Carbon Monitor China gives every province the national daily shape and lets it part
    only where its share steps (1 January for Ground Transport): a node off those days cannot be
    local, so no local measure may explain it; if no other province shows it either, it
    stands at the threshold's edge and national measures are demoted too."""
    day = PUBLISHED_001 + 90 * DAY
    local = measure("local", sectors=("ground_transport",))
    national = measure("national", sectors=("ground_transport",), region="china", scope="national")
    settings = AttributionSettings(min_score=0.0)
    first, last = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
    built = events("天津", first, last, sector="ground_transport", dataset="carbon_monitor")
    own = events("天津", first, last, sector="ground_transport")

    def explain(
        peers: tuple[int, int] | None, calendar: list[Event], on: dt.date = day
    ) -> NodeExplanation:
        [result] = attribute([node(on, sector="ground_transport", peers=peers)], [local, national],
                             calendar, settings=settings)
        return result

    def shape_links(result: NodeExplanation) -> list[Link]:
        return [link for link in result.calendar if link.relation == "national_shape"]

    regional = explain((0, 16), own)
    assert shape_links(regional) == [] and "local" in cause_ids(regional.causes)
    national_score = {link.explanation.id: link.score for link in regional.causes}["national"]
    for peers in ((0, 16), (1, 16), None):
        result = explain(peers, built)
        [link] = shape_links(result)
        assert link.explanation.kind == "data_artefact"
        assert cause_ids(result.causes) == ["national"]
        demoted = result.causes[0].score < national_score
        assert demoted == (peers == (0, 16))
    # on the share step itself the province's own change is possible
    assert shape_links(explain((0, 16), built, dt.date(2022, 1, 1))) == []


def test_a_temperature_driven_shape_offers_no_measure() -> None:
    """Carbon Monitor China's Residential is the national temperature-driven shape times a
    yearly share: off its share steps, a node is the weather's and no measure, national or
    local, is offered."""
    day = PUBLISHED_001 + 90 * DAY
    measures = [measure("local", sectors=("residential",)),
                measure("national", sectors=("residential",), region="china", scope="national")]
    first, last = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
    built = events("天津", first, last, sector="residential", dataset="carbon_monitor")
    [result] = attribute([node(day, sector="residential", peers=(11, 16))], measures, built,
                         settings=AttributionSettings(min_score=0.0))
    assert result.causes == () and result.none_found
    [weather] = [link for link in result.calendar if link.explanation.id.startswith(
        "artefact:temperature_shape:")]
    assert weather.components["proximity"] == 1.0 and weather.lag_days == 0
    # on a share step the region's own share may change (its central-heating area)
    earlier = measure("local", sectors=("residential",), published=dt.date(2020, 9, 1))
    [step] = attribute([node(dt.date(2021, 1, 1), sector="residential", peers=(0, 16))],
                       [earlier], built, settings=AttributionSettings(min_score=0.0))
    assert "local" in cause_ids(step.causes)
    # the same node without the dataset's construction is open to measures
    own = events("天津", first, last, sector="residential")
    [open_] = attribute([node(day, sector="residential", peers=(11, 16))], measures, own,
                        settings=AttributionSettings(min_score=0.0))
    assert "national" in cause_ids(open_.causes)


def test_national_shape_data_offer_no_local_lockdown_either() -> None:
    """Tianjin's move from level-one to level-two response (30 April 2020) cannot show in a
    series that is the national daily shape there; national events still compete."""
    first, last = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
    built = events("天津", first, last, sector="ground_transport", dataset="carbon_monitor")
    own = events("天津", first, last, sector="ground_transport")
    may_day = node(dt.date(2020, 5, 1), kind="anomaly", effect_pct=-20.0, peers=(25, 25),
                   explained_by=("covid:tianjin_level2:2020-04-30",))

    def calendar_ids(calendar: list[Event]) -> set[str]:
        [result] = attribute([may_day], [], calendar, settings=AttributionSettings())
        return {link.explanation.id for link in result.calendar}

    local = {e.id for e in own if e.kind in ("covid", "lockdown") and e.scope != "national"}
    assert "covid:tianjin_level2:2020-04-30" in local
    assert calendar_ids(own) & local  # the region's own data may carry its own response
    as_built = calendar_ids(built)
    assert not as_built & local
    assert any(i.startswith("public_holiday:") for i in as_built)


def test_a_county_level_city_takes_its_prefecture_s_and_province_s_measures() -> None:
    """昆山 is under 苏州, under 江苏: both reach its nodes as places above it; its own
    measure reaches theirs as a place within them, and no sister city's."""
    day = PUBLISHED_001 + 90 * DAY
    kunshan = measure("kunshan", region="kunshan", scope="city")
    suzhou = measure("suzhou", region="suzhou_jiangsu", scope="city")
    jiangsu = measure("jiangsu", region="jiangsu", scope="province")
    settings = AttributionSettings(min_score=0.0)
    scopes = {}
    for place in ("kunshan", "suzhou_jiangsu", "jiangsu", "wuxi"):
        [result] = attribute([node(day, city=place)], [kunshan, suzhou, jiangsu], [],
                             settings=settings)
        scopes[place] = {c.explanation.id: c.components["scope"] for c in result.causes}
    assert scopes["kunshan"] == {"kunshan": 1.0, "suzhou": 0.8, "jiangsu": 0.8}
    assert scopes["suzhou_jiangsu"] == {"suzhou": 1.0, "jiangsu": 0.8, "kunshan": 0.4}
    assert scopes["jiangsu"] == {"jiangsu": 1.0, "suzhou": 0.4, "kunshan": 0.4}
    assert scopes["wuxi"] == {"jiangsu": 0.8}
