"""Attribution quality on semi-synthetic cases: real series, real corpus, planted changes.

Each case takes a real Tianjin series (Carbon Monitor China, ../shared/data/emissions, read
directly) and multiplies one change of 10 … 25 % (``--effects``) into it:

* ``policy``: a level shift or a trend change (ramping in over 120 days) some 14 … 150 days
  (``--lags``) after a real measure took effect (its effective date, else its earliest public
  date), in a sector the measure is tagged with, downwards. The document is drawn first, then
  one of its actions whose words fit the sector's standard query (index relevance ≥ 0.5): a
  change is planted after measures that could move emissions, not after a reporting rule or
  a table row that the sector tagger also caught. Days on which the sector's data carries a
  construction artefact are skipped (a planted change there cannot be told from it). The
  truth is the measure's document: hit@k asks whether it is among the k best policy mixes.
* ``decoy_quiet``: a change (either sign) where no measure of the sector, cross-cutting ones
  included, reaching Tianjin was public in the 790 days before (the lag window plus the
  anticipation allowance) nor up to 60 days after: right answer "no plausible policy".
* ``decoy_other``: a change after a real measure of another sector or another region, where
  no measure tagged with the planted sector reaches Tianjin in that span: cross-cutting
  measures may exist, and the scorer must not offer them on their tag alone.
* ``decoy_calendar``: a level shift planted on 1 January (the share step of the data),
  the Spring Festival or a heating-season start (Residential and Power only): right when no
  measure is offered or a calendar explanation outscores every measure.
* ``decoy_shape``: planted after a real measure as a policy case is, but of a shape that
  measure cannot make: a dip of two to six weeks that returns (``dip``), or a rise
  (``rise``) after a measure whose words only cut the sector's emissions (the index's words
  for a fall, none of those for a rise). Right when that measure is not offered as a cause
  (other measures of its document may be; the rare one that acts in episodes, a right
  cause of a dip, counts as wrong).
  These are drawn from a random stream of their own (seed + 1), ``--cases`` / 6 of them, so
  the other families' cases are those drawn without them.

The corpus is every seed document plus dcp_docs.jsonl, read through the corpus stage and
indexed by the index stage (its relevance feeds the scorer). Its dates run 2020-10 …
2022-06 and the series end 2022-12-31; no dates are shifted: a change is planted no later
than 60 days before the series end, and quiet decoys fall mostly in 2019-2020.

Mode ``detect`` (default) runs the detector on the planted series with the calendar events
and attributes the detected node nearest to the planted date: within 14 days of a level
shift, 60 of a trend change (half its ramp), and not within 7 days of a node the detector
also finds in the unplanted series (that one is the real data's own). A missed change is a
miss end to end; the scores among detected changes are reported apart. Mode ``injected``
skips detection and attributes the change as planted (its date, kind and effect, a ±7-day
window and the overlapping events attached as the detector attaches them).

Which data a case stands for: a policy case or a quiet or other-sector decoy plants a change
of Tianjin's own into the series, which Carbon Monitor China's construction cannot hold off
its share-step days (every province has the national daily shape there; attribution then
offers no local measure, ``national_shape``). Those cases are therefore run as a region's own
data: the calendar without the dataset's artefacts. A calendar decoy is a change of the
construction or the calendar itself and keeps the dataset's artefacts.

Run: ``.venv/bin/python benchmarks/attribute.py [--mode injected] [--cases 120] [--seed 0]
[--lags 14 150] [--effects 10 25]``. Detect mode takes a few minutes on two cores, injected
mode seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from carbonnodes.attribute import AttributionSettings, NodeExplanation, attribute, cuts_only
from carbonnodes.calendar import condition
from carbonnodes.calendar import events as calendar_events
from carbonnodes.corpus import ingest_policies, load_documents, load_measures
from carbonnodes.detect import detect
from carbonnodes.index import open_index, sector_query
from carbonnodes.model import Event, Measure, Node, NodeKind, Series
from carbonnodes.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EMISSIONS = SHARED / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
POLICY_FILES = [SHARED / "seeds", SHARED / "data" / "policies" / "dcp_docs.jsonl"]
CITY = "tianjin"
SECTORS = {
    "Power": "power",
    "Industry": "industry",
    "Ground Transport": "ground_transport",
    "Residential": "residential",
}
SERIES_END = dt.date(2022, 12, 31)
LAST_PLANT = SERIES_END - dt.timedelta(days=60)
FIRST_PLANT = dt.date(2019, 4, 1)
#: A detected node matches a planted level shift within 14 days; a trend change ramps in over
#: 120 days and has no sharp date, so within 60 days (half its ramp).
TOLERANCE_DAYS: dict[str, int] = {"level_shift": 14, "trend_change": 60, "anomaly": 14}
#: A decoy must stay quiet up to the latest date a detected node may match it.
LATEST_MATCH = dt.timedelta(days=max(TOLERANCE_DAYS.values()))
#: How long a shape decoy's dip lasts (days).
DIP_DAYS = (14, 42)
#: Size of a planted change, % of the series (its sign is random for quiet decoys).
EFFECT_PCT = (10.0, 25.0)
TRUTH_RELEVANCE = 0.5
SETTINGS = AttributionSettings()
CALENDAR_DATES: tuple[tuple[dt.date, tuple[str, ...], str], ...] = (
    (dt.date(2021, 1, 1), tuple(SECTORS.values()), "1 January"),
    (dt.date(2022, 1, 1), tuple(SECTORS.values()), "1 January"),
    (dt.date(2021, 2, 12), tuple(SECTORS.values()), "Spring Festival"),
    (dt.date(2022, 2, 1), tuple(SECTORS.values()), "Spring Festival"),
    (dt.date(2021, 11, 1), ("residential", "power"), "heating season"),
    (dt.date(2020, 11, 1), ("residential", "power"), "heating season"),
)


@dataclass(frozen=True)
class Case:
    """One planted change and what the right answer is."""

    family: str
    sector: str
    date: dt.date
    kind: NodeKind
    effect_pct: float
    truth_doc: str = ""
    truth_measure: str = ""
    days: int = 0  # how long a dip lasts; 0 for a lasting change


@dataclass(frozen=True)
class Outcome:
    case: Case
    detected: bool
    rank: int | None  # 1-based rank of the true document among the policy mixes offered
    none_found: bool
    calendar_first: bool  # a calendar explanation outscores every measure offered
    violations: int  # causes whose earliest public date follows the node
    offered: bool = False  # the measure the change was planted after is among the causes


def load_series() -> dict[str, Series]:
    frame = pd.read_csv(EMISSIONS)
    frame = frame[frame["state"] == "Tianjin"]
    found: dict[str, Series] = {}
    for name, key in SECTORS.items():
        part = frame[frame["sector"] == name].sort_values("date")
        start = dt.date.fromisoformat(str(part["date"].iloc[0]))
        values = part["value"].to_numpy(dtype=np.float64)
        found[key] = Series(
            city=CITY, sector=key, start=start, values=values, source=EMISSIONS.name
        )
    return found


def reaches(measure: Measure, sector: str, *, cross_cutting: bool = True) -> bool:
    """The measure's sector tags (cross-cutting too, unless told not to) and its scope reach a
    Tianjin node of ``sector``."""
    tags = set(measure.sectors) - ({"cross_cutting"} if not cross_cutting else set())
    in_sector = sector in tags or (cross_cutting and "cross_cutting" in tags)
    in_scope = measure.scope == "national" or measure.region in (CITY, "china")
    return in_sector and in_scope


def quiet(
    measures: Sequence[Measure], sector: str, day: dt.date, *, cross_cutting: bool = True
) -> bool:
    """No measure reaching a Tianjin ``sector`` node was public in the window before ``day``."""
    horizon = dt.timedelta(days=SETTINGS.max_lag_days + SETTINGS.anticipation_days)
    for m in measures:
        public = m.dates.earliest_public
        if (
            public is not None
            and day - horizon <= public <= day
            and reaches(m, sector, cross_cutting=cross_cutting)
        ):
            return False
    return True


def acting(measure: Measure) -> dt.date | None:
    public, effective = measure.dates.earliest_public, measure.dates.effective
    if public is None:
        return None
    return effective if effective is not None and effective > public else public


@dataclass(frozen=True)
class Planner:
    """Draws cases from the corpus; ``artefacts`` are the days a sector's data carries a
    construction step (a policy change planted there could not be told from it)."""

    measures: Sequence[Measure]
    artefacts: dict[str, frozenset[dt.date]]
    relevance: Callable[[str, str], float]
    rng: random.Random
    lags: tuple[int, int] = (14, 150)
    effects: tuple[float, float] = EFFECT_PCT

    def plan(self, count: int) -> list[Case]:
        """Half policy cases, the rest split over the three decoy families."""
        target = {"policy": count // 2, "decoy_quiet": count // 6, "decoy_other": count // 6}
        target["decoy_calendar"] = count - sum(target.values())
        cases: list[Case] = []
        for _ in range(200 * count):
            open_families = sorted(f for f, n in target.items() if n > 0)
            if not open_families:
                break
            family = self.rng.choice(open_families)
            case = self._draw(family)
            if case is not None and case.date <= LAST_PLANT:
                cases.append(case)
                target[family] -= 1
        return cases

    def _draw(self, family: str) -> Case | None:
        kind: NodeKind = self.rng.choice(("level_shift", "trend_change"))
        effect = -self.rng.uniform(*self.effects)
        dated = sorted((m for m in self.measures if acting(m) is not None), key=lambda m: m.id)
        if family == "policy":
            truths = self._truths(dated)
            doc = self.rng.choice(sorted({m.doc_id for m, _ in truths}))
            m, sector = self.rng.choice([t for t in truths if t[0].doc_id == doc])
            day = self._after(m)
            if day in self.artefacts[sector]:
                return None
            return Case(family, sector, day, kind, effect, truth_doc=m.doc_id, truth_measure=m.id)
        if family == "decoy_quiet":
            sector = self.rng.choice(sorted(SECTORS.values()))
            span = (LAST_PLANT - FIRST_PLANT).days
            day = FIRST_PLANT + dt.timedelta(days=self.rng.randint(0, span))
            effect *= self.rng.choice((-1, 1))
            return (
                Case(family, sector, day, kind, effect)
                if quiet(self.measures, sector, day + LATEST_MATCH)
                else None
            )
        if family == "decoy_other":
            m = self.rng.choice(dated)
            day = self._after(m)
            others = sorted(s for s in SECTORS.values() if not reaches(m, s, cross_cutting=False))
            if not others:
                return None
            sector = self.rng.choice(others)
            if not quiet(self.measures, sector, day + LATEST_MATCH, cross_cutting=False):
                return None
            return Case(family, sector, day, kind, effect)
        day, sectors, _ = self.rng.choice(CALENDAR_DATES)
        return Case(family, self.rng.choice(sectors), day, "level_shift", effect)

    def shape_decoys(self, count: int) -> list[Case]:
        """Half dips, half rises, each after a measure that cannot make it."""
        dated = sorted((m for m in self.measures if acting(m) is not None), key=lambda m: m.id)
        truths = self._truths(dated)
        cutting = [(m, s) for m, s in truths if cuts_only(m, s)]
        cases: list[Case] = []
        if not truths or not cutting:
            return cases
        for i in range(count):
            for _ in range(200):
                m, sector = self.rng.choice(cutting if i % 2 else truths)
                day = self._after(m)
                if day > LAST_PLANT or day in self.artefacts[sector]:
                    continue
                size = self.rng.uniform(*self.effects)
                if i % 2:
                    kind: NodeKind = self.rng.choice(("level_shift", "trend_change"))
                    case = Case("decoy_shape", sector, day, kind, size, m.doc_id, m.id)
                else:
                    days = self.rng.randint(*DIP_DAYS)
                    case = Case("decoy_shape", sector, day, "anomaly", -size, m.doc_id, m.id, days)
                cases.append(case)
                break
        return cases

    def _truths(self, dated: Sequence[Measure]) -> list[tuple[Measure, str]]:
        """Actions tagged with a series sector whose words fit that sector's standard query
        (index relevance ≥ ``TRUTH_RELEVANCE``): measures that could move emissions, not a
        reporting rule or a table row that the sector tagger also caught."""
        return [
            (m, s)
            for m in dated
            if m.kind == "action"
            for s in sorted(SECTORS.values())
            if reaches(m, s, cross_cutting=False)
            and self.relevance(m.id, sector_query(s, "down")) >= TRUTH_RELEVANCE
        ]

    def _after(self, measure: Measure) -> dt.date:
        start = acting(measure)
        assert start is not None
        return start + dt.timedelta(days=self.rng.randint(*self.lags))


def plant(series: Series, case: Case) -> Series:
    """The real series with the case's change multiplied in from its date on (over its days,
    for a dip)."""
    values = series.values.copy()
    at = series.index_of(case.date)
    stop = at + case.days if case.days else len(values)
    ramp = np.ones(stop - at)
    if case.kind == "trend_change":
        ramp = np.minimum(np.arange(1, len(ramp) + 1) / 120.0, 1.0)
    values[at:stop] *= 1.0 + case.effect_pct / 100.0 * ramp
    return replace(series, values=values)


def planted_node(case: Case, events: Sequence[Event]) -> Node:
    """The node as planted, with the events overlapping its window attached as detection
    attaches them."""
    pad = dt.timedelta(days=7)
    window = (case.date - pad, case.date + pad)
    attached = tuple(
        sorted(
            e.id
            for e in events
            if e.start - dt.timedelta(days=e.uncertainty_days) <= window[1]
            and e.end + dt.timedelta(days=e.uncertainty_days) >= window[0]
        )
    )
    return Node(
        city=CITY,
        sector=case.sector,
        date=case.date,
        kind=case.kind,
        confidence=0.9,
        effect_pct=case.effect_pct,
        effect_ci=(case.effect_pct - 2.0, case.effect_pct + 2.0),
        window=window,
        end=case.date + dt.timedelta(days=case.days) if case.days else None,
        explained_by=attached,
        data_end=SERIES_END,
    )


def detected_node(
    series: Series, case: Case, events: Sequence[Event], before: Sequence[Node]
) -> Node | None:
    """The new detected node nearest the planted date, within the tolerance of its kind.

    A node the detector also finds in the unplanted series (``before``, within 7 days) is the
    real data's own, not the planted change, and never matches.
    """
    nodes = detect(plant(series, case), events).nodes
    tolerance = TOLERANCE_DAYS[case.kind]
    near = [
        n
        for n in nodes
        if abs((n.date - case.date).days) <= tolerance
        and all(abs((n.date - b.date).days) > 7 for b in before)
    ]
    return min(near, key=lambda n: (abs((n.date - case.date).days), n.date)) if near else None


def judge(case: Case, result: NodeExplanation | None) -> Outcome:
    if result is None:
        return Outcome(case, False, None, True, False, 0)
    offered = any(link.explanation.id == case.truth_measure for link in result.causes)
    violations = sum(
        1
        for link in result.causes
        if isinstance(link.explanation, Measure)
        and (link.explanation.dates.earliest_public or dt.date.max) > result.node.date
    )
    docs = [mix.doc_id for mix in result.mixes]
    rank = docs.index(case.truth_doc) + 1 if case.truth_doc in docs else None
    best_measure = max((link.score for link in result.causes), default=0.0)
    best_calendar = max(  # the national-shape link says where a change can come from, not why
        (link.score for link in result.calendar if link.relation != "national_shape"), default=0.0
    )
    calendar_first = best_calendar > best_measure
    return Outcome(case, True, rank, result.none_found, calendar_first, violations, offered)


def run(
    mode: str, count: int, seed: int, lags: tuple[int, int], effects: tuple[float, float]
) -> list[Outcome]:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.duckdb")
        ingest_policies(store, POLICY_FILES)
        measures = load_measures(store)
        titles = {d.id: d.title for d in load_documents(store)}
        relevance = open_index(store).relevance
        series = load_series()
        events = {
            (key, construction): calendar_events(
                CITY, s.start, s.end, sector=key,
                dataset="carbon_monitor" if construction else None,
            )
            for key, s in series.items()
            for construction in (True, False)
        }
        artefacts = {key: artefact_days(events[(key, True)]) for key in series}
        baseline: dict[tuple[str, bool], Sequence[Node]] = {
            (key, construction): detect(series[key], found).nodes if mode == "detect" else ()
            for (key, construction), found in events.items()
        }
        cases = Planner(measures, artefacts, relevance, random.Random(seed), lags, effects).plan(
            count
        )
        cases += Planner(
            measures, artefacts, relevance, random.Random(seed + 1), lags, effects
        ).shape_decoys(count // 6)
        outcomes = []
        for case in cases:
            data = (case.sector, case.family == "decoy_calendar")
            found = events[data]
            if mode == "injected":
                node: Node | None = planted_node(case, found)
            else:
                node = detected_node(series[case.sector], case, found, baseline[data])
            result = None
            if node is not None:
                [result] = attribute(
                    [node],
                    measures,
                    found,
                    relevance=relevance,
                    settings=SETTINGS,
                    doc_titles=titles,
                )
            outcomes.append(judge(case, result))
        store.close()
    return outcomes


def artefact_days(events: Sequence[Event]) -> frozenset[dt.date]:
    """Days a construction step falls on (a year-long condition of the data is no step)."""
    days: set[dt.date] = set()
    for e in events:
        if e.kind == "data_artefact" and not condition(e):
            days.update(e.start + dt.timedelta(days=i) for i in range((e.end - e.start).days + 1))
    return frozenset(days)


def table(outcomes: Sequence[Outcome], mode: str, seconds: float) -> str:
    policy = [o for o in outcomes if o.case.family == "policy"]
    shapes = [o for o in outcomes if o.case.family == "decoy_shape"]
    decoys = [o for o in outcomes if o.case.family not in ("policy", "decoy_shape")]
    found_policy = [o for o in policy if o.detected]
    found_decoys = [o for o in decoys if o.detected]

    def share(items: Sequence[Outcome], test: Callable[[Outcome], bool]) -> str:
        if not items:
            return "n/a"
        return f"{sum(map(test, items)) / len(items):.3f} of {len(items)}"

    def hit(k: int) -> Callable[[Outcome], bool]:
        return lambda o: o.rank is not None and o.rank <= k

    def right_none(o: Outcome) -> bool:
        return o.none_found or (o.case.family == "decoy_calendar" and o.calendar_first)

    rows = [
        ("mode", mode),
        ("policy cases: node detected", share(policy, lambda o: o.detected)),
        ("hit@1 (true document's mix), end to end", share(policy, hit(1))),
        ("hit@3 (true document's mix), end to end", share(policy, hit(3))),
        ("hit@1, detected nodes", share(found_policy, hit(1))),
        ("hit@3, detected nodes", share(found_policy, hit(3))),
        ("policy: a calendar event ranks above", share(found_policy, lambda o: o.calendar_first)),
        ("decoy cases: node detected", share(decoys, lambda o: o.detected)),
        ("correct none, detected decoys", share(found_decoys, right_none)),
    ]
    for family in ("decoy_quiet", "decoy_other", "decoy_calendar"):
        part = [o for o in found_decoys if o.case.family == family]
        rows.append((f"  {family}", share(part, right_none)))
    found_shapes = [o for o in shapes if o.detected]
    rows += [
        ("shape decoys: node detected", share(shapes, lambda o: o.detected)),
        ("its measure not offered as a cause", share(found_shapes, lambda o: not o.offered)),
        ("  dips", share([o for o in found_shapes if o.case.days], lambda o: not o.offered)),
        ("  rises", share([o for o in found_shapes if not o.case.days],
                          lambda o: not o.offered)),
        ("causes dated after their node", str(sum(o.violations for o in outcomes))),
        ("seconds", f"{seconds:.1f}"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--cases", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mode", choices=("detect", "injected"), default="detect")
    parser.add_argument(
        "--lags",
        type=int,
        nargs=2,
        default=(14, 150),
        metavar=("MIN", "MAX"),
        help="days from a measure's effective date to the change planted after it",
    )
    parser.add_argument(
        "--effects",
        type=float,
        nargs=2,
        default=EFFECT_PCT,
        metavar=("MIN", "MAX"),
        help="size of a planted change, %% of the series",
    )
    args = parser.parse_args(argv)
    lags, effects = (args.lags[0], args.lags[1]), (args.effects[0], args.effects[1])
    began = time.perf_counter()
    outcomes = run(args.mode, args.cases, args.seed, lags, effects)
    mode = f"{args.mode}, lags {lags[0]}-{lags[1]} days, changes {effects[0]:g}-{effects[1]:g} %"
    print(table(outcomes, mode, time.perf_counter() - began))
    return 0


if __name__ == "__main__":
    sys.exit(main())
