"""Attribution against the real corpus: every seed plus dcp_docs.jsonl, read by the corpus stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from attribute._build import node
from carbonnodes.attribute import attribute
from carbonnodes.calendar import events
from carbonnodes.corpus import ingest_policies, load_documents, load_measures
from carbonnodes.index import open_index
from carbonnodes.model import Document, Event, Measure
from carbonnodes.store import open_store

SEED_REPORT_NODE = dt.date(2020, 11, 16)
CARBON_PEAK_PLAN = "天津市碳达峰实施方案"


@dataclass(frozen=True)
class Corpus:
    measures: list[Measure]
    documents: list[Document]
    relevance: Callable[[str, str], float]


@pytest.fixture(scope="module")
def corpus(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    store = open_store(tmp_path_factory.mktemp("corpus") / "corpus.duckdb")
    ingest_policies(store, [shared / "seeds", shared / "data" / "policies" / "dcp_docs.jsonl"])
    yield Corpus(load_measures(store), load_documents(store), open_index(store).relevance)
    store.close()


def tianjin_events(sector: str) -> list[Event]:
    return events(
        "tianjin",
        dt.date(2020, 9, 1),
        dt.date(2021, 1, 31),
        sector=sector,
        dataset="carbon_monitor",
    )


def test_2020_ground_transport_node_finds_no_plausible_policy(corpus: Corpus) -> None:
    """The old prototype's node of 2020-11-16, as a weekly-cycle change and as a level shift:
    the plan (published 2022) is announced later, never a cause, and a weekly-cycle change
    takes none of the corpus's measures that do not act by weekday."""
    plan = {d.id for d in corpus.documents if d.title == CARBON_PEAK_PLAN}
    assert plan, "the corpus stage no longer reads seed 001"
    weekly, shift = attribute(
        [node(SEED_REPORT_NODE, kind="seasonal", effect_pct=-4.1),
         node(SEED_REPORT_NODE, effect_pct=-4.1)],
        corpus.measures,
        tianjin_events("ground_transport"),
        relevance=corpus.relevance,
        doc_titles={d.id: d.title for d in corpus.documents},
    )
    for result in (weekly, shift):
        assert result.none_found
        assert result.mixes == ()
        assert all(link.lag_days is not None and link.lag_days < 0 for link in result.later)
    later_docs = {link.explanation.doc_id for link in shift.later}  # type: ignore[union-attr]
    assert plan <= later_docs
    assert shift.undated > 0  # the undated drafts 003/004 are counted, not offered
    assert weekly.unfit > 0 and weekly.unfit + len(weekly.later) >= len(shift.later)


def test_seasonal_residential_node_is_explained_by_weather_and_heating(corpus: Corpus) -> None:
    """The prototype explained this node by an unrelated regulation. Carbon Monitor's
    Residential is the national temperature-driven shape, and the heating season starts
    near it: both are offered, and no measure."""
    heating = [e for e in tianjin_events("residential") if e.kind == "heating_season_start"]
    [result] = attribute(
        [
            node(
                SEED_REPORT_NODE,
                sector="residential",
                kind="seasonal",
                explained_by=tuple(e.id for e in heating),
            )
        ],
        corpus.measures,
        tianjin_events("residential"),
        relevance=corpus.relevance,
    )
    kinds = [link.explanation.kind for link in result.calendar]
    assert kinds[0] == "data_artefact" and "heating_season_start" in kinds
    assert result.calendar[0].explanation.id.startswith("artefact:temperature_shape:")
    assert result.causes == ()


def test_no_cause_is_ever_dated_after_its_node(corpus: Corpus) -> None:
    days = [dt.date(2021, 1, 1) + dt.timedelta(days=45 * i) for i in range(16)]
    nodes = [node(d, sector=s) for d in days for s in ("ground_transport", "power", "industry")]
    results = attribute(nodes, corpus.measures, [], relevance=corpus.relevance)
    offered = [link for r in results for link in r.causes]
    assert offered, "a 2021-2022 node should find some measure in this corpus"
    for link in offered:
        assert isinstance(link.explanation, Measure)
        public = link.explanation.dates.earliest_public
        assert public is not None and public <= link.node.date


def test_real_corpus_attribution_is_deterministic(corpus: Corpus) -> None:
    nodes = [node(dt.date(2022, 3, 1)), node(dt.date(2022, 6, 1), sector="power")]
    shuffled = list(reversed(corpus.measures))
    first = attribute(nodes, corpus.measures, [], relevance=corpus.relevance)
    second = attribute(nodes, shuffled, [], relevance=corpus.relevance)
    assert first == second
    assert first[0].causes and first[1].causes


def test_year_step_artefact_of_the_data_outranks_every_measure(corpus: Corpus) -> None:
    day = dt.date(2022, 1, 1)
    found = events(
        "tianjin",
        dt.date(2021, 12, 1),
        dt.date(2022, 1, 31),
        sector="ground_transport",
        dataset="carbon_monitor",
    )
    steps = tuple(e.id for e in found if e.kind == "data_artefact" and e.start == day)
    assert steps, "the calendar stage no longer marks the 1 January share step"
    [result] = attribute(
        [node(day, explained_by=steps)], corpus.measures, found, relevance=corpus.relevance
    )
    top = result.calendar[0]
    assert top.explanation.id in steps
    assert all(top.score > link.score for link in result.causes)


def test_monthly_step_of_power_does_not_silence_its_measures(corpus: Corpus) -> None:
    # Power is provincial only month by month: a real change shows on the 1st.
    day = dt.date(2022, 6, 1)
    found = events(
        "tianjin",
        dt.date(2022, 5, 1),
        dt.date(2022, 6, 30),
        sector="power",
        dataset="carbon_monitor",
    )
    step = [e for e in found if e.kind == "data_artefact" and e.start == day]
    assert step, "the calendar stage no longer marks the monthly step of Power"
    [result] = attribute(
        [node(day, sector="power", explained_by=(step[0].id,))],
        corpus.measures,
        step,
        relevance=corpus.relevance,
    )
    assert result.calendar[0].score == 0.5
    assert result.causes and result.causes[0].score > result.calendar[0].score
