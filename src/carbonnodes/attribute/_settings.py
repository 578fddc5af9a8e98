"""The knobs of attribution, each with the reason for its default."""

from __future__ import annotations

from dataclasses import dataclass, field


def _default_weights() -> dict[str, float]:
    return {"time": 1.0, "sector": 1.0, "scope": 0.5, "relevance": 1.0, "kind": 1.0}


def _default_artefact_priors() -> dict[str, float]:
    return {"month_step": 0.5, "temperature_shape": 0.75}


def _default_kind_factors() -> dict[str, float]:
    return {"action": 1.0, "general": 0.5, "safeguard": 0.5}


def _default_calendar_priors() -> dict[str, float]:
    return {
        "data_artefact": 0.95,
        "lockdown": 0.8,
        "covid": 0.7,
        "spring_festival": 0.8,
        "heating_season_start": 0.8,
        "heating_season_end": 0.8,
        "public_holiday": 0.5,
        "makeup_workday": 0.4,
    }


@dataclass(frozen=True)
class AttributionSettings:
    """How candidates are chosen and scored.

    Time: a measure may act on a node dated ``min_lag_days`` … ``max_lag_days`` after the day
    it takes effect (its effective date, else its earliest public date). Default 0–730 days:
    two years covers the implementation horizon of the plans in the corpus (most state
    2025 targets two to four years out) without reaching back to unrelated older policy.

    ``anticipation_days`` (default 60): when a document states an effective date later than
    its publication, behaviour may already change between the two (firms and households
    prepare for a rule they know is coming). The measure may then act from
    ``effective − anticipation_days``, never before publication. Sixty days covers the usual
    gap between publication and entry into force of Chinese regulations (often about a month;
    a local 条例 passed 2021-09-27 took effect 2021-11-01) while keeping a measure announced
    a year ahead from explaining a node right after its announcement.

    The time plausibility rises linearly from ``kernel_floor`` at the earliest possible lag
    to 1 at ``peak_lag_days`` (a few months: measures take time to bite), then halves every
    ``decay_half_life_days`` (the longer ago a measure, the more else has happened since),
    never below ``kernel_tail`` inside the window.

    A measure's score is the product of its components, each raised to its weight
    (``weights``): score = Π cᵢ^wᵢ, in [0, 1]. A product keeps every component decisive: a
    cross-cutting measure (sector 0.5) scores half of an otherwise equal sector measure, and an
    old, untargeted, general clause cannot hide behind one strong component. Scope weighs 0.5
    so that a national measure (0.6) keeps about three quarters of a city measure's score. A
    measure of one of a province's own cities reaches the province's nodes at
    ``scope_within`` (0.4, about two thirds): it moves part of the province's series, and
    names the city it was written for.
    Text relevance (the index's, in [0, 1]) enters as ``0.5 + 0.5·relevance``: it can double a
    measure whose words fit the node's sector and direction, while missing vocabulary does not
    veto the corpus's own sector tag; without an index it is ``neutral_relevance`` (the
    midpoint), so that scores stay comparable. Only measures scoring ``min_score`` or more are
    offered as causes: with the defaults a city action of the node's sector qualifies for
    about eight months after it took effect when its words do not fit the node's query and
    for about sixteen months when they fit fully; a cross-cutting measure only when its words
    fit.

    Competing explanations: a calendar event or data artefact that the detector attached to
    the node (``explained_by``), or that reaches the node's region and sector, overlaps its
    window and can make a change of its kind (the detector's rule,
    ``carbonnodes.calendar.explains``: a trend change takes only heating-season edges and
    COVID-19 events, a weekly-cycle change no share step, a holiday or make-up workday only
    an episode of its own days), scores its ``calendar_priors`` entry times its proximity (1
    when the node's date falls inside the event, or for a lasting change on its onset or
    end, down to ``window_only_factor`` at the edge of the node's window). The best of them
    takes its share of the credit: every measure's score is multiplied by
    ``1 − calendar_competition × best calendar score``. With the default 0.5 a calendar
    explanation scoring over 2/3 (a data artefact, lockdown, Spring Festival or
    heating-season edge on the node's date) outranks every measure, while a holiday dip
    (0.5) moves them a quarter. The shared-shock explanation scores ``0.5 + 0.5·share``
    of peer regions showing the node, where most of them show it or more than chance would
    give (``Node.reach``); then city and province measures are multiplied by
    ``shared_demotion`` where half of the other regions or more show it, and by a factor
    between it and 1 in proportion for fewer (a shock other regions share is not this
    region's measure alone; national measures keep their score).

    What a measure does must be able to make the node (``attribute._action``): an episode over
    within a quarter is made by a measure that acts in episodes, not by a standing programme;
    a weekly-cycle change by a measure that acts by weekday; a rise not by a measure that only
    cuts the sector's emissions. A measure that fails this is multiplied by
    ``action_mismatch`` (0.5, as a general clause is) rather than struck out, and the report
    counts those the demotion takes under the bar: the node's kind is the detector's reading
    and can be wrong, and the words that tell an episodic or a cutting measure are a short
    list. Measured on ``benchmarks/attribute.py`` (120 cases and 20 shape decoys, seed 0):
    attributed as planted, the measure a dip or a rise was planted after is no longer offered
    in 7 of 10 dips and 8 of 10 rises (without the demotion: 1 and 0; struck out: 9 and 10);
    detected, the true document of a policy change stays among the three best in 23 of 25
    (without: 24; struck out: 23), the one it loses a Ground Transport step of 13 May 2022
    that the detector merges with the real dip of late May into one 27-day episode. Struck
    out, an episodic measure the words miss (a traffic restriction for an event: 限行 is
    left out of them as mostly a standing ban) would vanish from the report; demoted, a
    strong one stays, its demotion shown. On the 26 provinces with the full corpus, no brief
    episode keeps a standing measure among its causes (162 before), and of 28 causes of rises
    that only cut, one stays, demoted.

    ``artefact_priors`` overrides the prior for some data-artefact rules: Power and Industry
    are provincial only month by month, so the monthly step on the 1st is where every real
    provincial change of those sectors shows; it competes at 0.5 rather than as a pure
    artefact like the 1 January share step of Ground Transport and Residential. Carbon
    Monitor's Residential is the national temperature-driven shape times a yearly share
    (``temperature_shape``): off the share steps no measure shows in its days, so there no
    measure is offered as a cause; it ranks at 0.75, after what names the day itself (a share
    step, a heating-season edge, the Spring Festival) and before a holiday.

    Lists are cut for reading: at most ``max_causes`` causes and policy mixes (a mix holds
    every qualifying measure of its document) and ``max_later`` measures announced later
    (within ``max_lag_days`` after the node), best first.
    """

    min_lag_days: int = 0
    max_lag_days: int = 730
    anticipation_days: int = 60
    peak_lag_days: int = 60
    decay_half_life_days: float = 240.0
    kernel_floor: float = 0.3
    kernel_tail: float = 0.2
    weights: dict[str, float] = field(default_factory=_default_weights)
    sector_match: float = 1.0
    cross_cutting_match: float = 0.5
    scope_city: float = 1.0
    scope_province: float = 0.8
    scope_national: float = 0.6
    scope_within: float = 0.4
    kind_factors: dict[str, float] = field(default_factory=_default_kind_factors)
    unknown_kind_factor: float = 0.75
    neutral_relevance: float = 0.75
    min_score: float = 0.3
    action_mismatch: float = 0.5
    calendar_priors: dict[str, float] = field(default_factory=_default_calendar_priors)
    artefact_priors: dict[str, float] = field(default_factory=_default_artefact_priors)
    unknown_event_prior: float = 0.5
    window_only_factor: float = 0.5
    calendar_competition: float = 0.5
    shared_demotion: float = 0.6
    max_causes: int = 10
    max_later: int = 5
