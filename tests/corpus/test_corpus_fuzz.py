"""Generated bad policy files: each is skipped or warned about, the rest of the batch is stored."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbonnodes.corpus import ingest_policies
from carbonnodes.errors import CarbonNodesError
from carbonnodes.store import Store, open_store

GOOD = "fuzz-good-policy"
GOOD_TEXT = (
    "天津市关于推进碳达峰的实施方案\n\n一、总体要求\n到2025年，单位地区生产总值能耗比2020年下降14.5%。\n\n"
    "二、重点任务\n（一）推动能源结构调整。严格控制煤炭消费，大力发展光伏发电。\n"
)

_texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["", " \n\t", "一、\n二、\n三、", "<html><body></body></html>", "\ufeff",
                     "<p>" * 200, "</div>" * 50, "<!DOCTYPE x><?xml?><![CDATA[", "（一）" * 100,
                     "2025年" * 50, "\x00\x01\x02", "\u2028\u2029"]),
)
_encoded = st.builds(
    lambda text, codec, tail: text.encode(codec, errors="replace") + tail,
    _texts,
    st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16", "utf-16-le", "latin-1"]),
    st.binary(max_size=6),
)
_payload = st.one_of(_encoded, st.binary(max_size=300))
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8,
)
_records = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=12), st.integers(), st.none()),
        "text": st.one_of(_texts, _json_values),
        "source": _json_values,
        "kg_metadata": st.one_of(_json_values, st.fixed_dictionaries(
            {}, optional={k: _json_values for k in ("organization", "date", "province", "city")}
        )),
        "title_from_filename": _json_values,
    },
)
_tricky_lines = st.sampled_from([
    '{"id": "s1", "text": "\\ud800 一、发展光伏 2025年"}',
    '{"id": "s2", "text": "一、发展光伏", "title_from_filename": "\\udfff"}',
    '{"id": "s3", "text": "一、", "source": {"repo": "a", "commit": "b", "path": "\\ud800"}}',
    '{"id": "s4\\n5", "text": "一、"}', '{"text": "\\u0000"}', '[1, 2]', '"text"', '{',
])
_jsonl = st.one_of(
    st.lists(st.one_of(_records.map(json.dumps), _tricky_lines, st.text(max_size=40)),
             max_size=5).map(
        lambda lines: "\n".join(lines).encode("utf-8", errors="surrogatepass")
    ),
    _payload,
)


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(tmp_path_factory.mktemp("fuzz") / "fuzz.duckdb")
    yield store
    store.close()


@settings(max_examples=80, deadline=None)
@given(txt=_payload, html=_payload, jsonl=_jsonl)
def test_bad_documents_do_not_sink_the_batch(
    fuzz_store: Store, txt: bytes, html: bytes, jsonl: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        good = root / f"{GOOD}.txt"
        good.write_text(GOOD_TEXT, encoding="utf-8")
        bad = {"fuzz-a.txt": txt, "fuzz-b.html": html, "fuzz-c.jsonl": jsonl}
        for name, data in bad.items():
            (root / name).write_bytes(data)
        try:
            report = ingest_policies(fuzz_store, [good, *(root / name for name in bad)])
        except CarbonNodesError as exc:
            pytest.fail(f"a bad document sank the batch: {exc}")
    assert GOOD in report.stored or GOOD in report.unchanged, report
    for line in (*report.skipped, *report.warnings):
        assert "\n" not in line and "\r" not in line, line
    for line in report.skipped:
        assert any(name in line for name in bad), line
    stored = {row[0] for row in fuzz_store.con.execute("SELECT doc_id FROM documents").fetchall()}
    assert GOOD in stored and set(report.stored) <= stored


def test_broken_utf16_and_lone_surrogates_are_skipped(store: Store, tmp_path: Path) -> None:
    """Odd-length UTF-16 and JSON-escaped lone surrogates are not text: skip, keep the rest."""
    good = tmp_path / f"{GOOD}.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xff\xfeA\x00B")
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"id": "s1", "text": "一、", "title_from_filename": "\\udfff"}\n'
        '{"id": "s2\\n", "text": "一、"}\n',
        encoding="utf-8",
    )
    report = ingest_policies(store, [good, odd, records])
    assert report.stored == (GOOD,)
    assert [line.split(": ", 1)[0] for line in report.skipped] == [
        str(odd), f"{records}:1", f"{records}:2"
    ]
