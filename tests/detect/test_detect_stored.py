"""Detecting a stored series by any spelling of its names (the explain command and the web
view go through ``detect_stored``)."""

from __future__ import annotations

import dataclasses

from carbonnodes.pipeline import NATIONAL, detect_stored, series_calendar
from carbonnodes.series import load_series
from carbonnodes.store import open_store


def test_any_spelling_finds_the_same_catalogue_entry_and_steps(panel_db: str):
    """The catalogue entry, and with it the dataset and the share steps divided out, was
    looked up by the names as given: '天津' with '地面交通' found none, so the steps stayed in."""
    with open_store(panel_db, read_only=True) as store:
        keys = detect_stored(store, "tianjin", "ground_transport")
        spelled = detect_stored(store, "天津", "地面交通")
    assert keys.info is not None and spelled.info == keys.info
    assert spelled.construction == keys.construction and len(keys.construction) == 3
    assert spelled.detection.nodes == keys.detection.nodes


def test_the_national_series_takes_no_province_s_share_steps(panel_db: str):
    """The provinces' Carbon Monitor series are the national curve times a share that steps
    on the 1sts; the national curve itself has no such step, so none may explain its nodes.
    A bare file of no region (named for no place) keeps them, as --dataset asks."""
    with open_store(panel_db, read_only=True) as store:
        tianjin = load_series(store, "tianjin", "power")
    national = dataclasses.replace(tianjin, city=NATIONAL)
    bare = dataclasses.replace(tianjin, city="export.csv")
    kept = {e.id for e in series_calendar(tianjin, "carbon_monitor")}
    assert "artefact:month_step:2021-06-01" in kept
    ids = {e.id for e in series_calendar(national, "carbon_monitor")}
    assert not any(i.startswith(("artefact:month_step:", "artefact:jan_feb")) for i in ids)
    assert ids and ids < kept  # the same calendar, less the share steps
    assert {e.id for e in series_calendar(bare, "carbon_monitor")} >= {
        "artefact:month_step:2021-06-01"}
