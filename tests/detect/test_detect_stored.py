"""Detecting a stored series by any spelling of its names (the explain command and the web
view go through ``detect_stored``)."""

from __future__ import annotations

from carbonnodes.pipeline import detect_stored
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
