"""The optional LLM summary: asked of a local OpenAI-compatible server, shown beside the text."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from carbonnodes.cli._explain_llm import llm_endpoint, summarize
from carbonnodes.errors import CarbonNodesError, InputError
from carbonnodes.model import Document
from carbonnodes.report import (
    Provenance,
    SectorInput,
    build_context,
    measure_texts,
    render,
    with_summaries,
)


class _Completions(BaseHTTPRequestHandler):
    """Answers every chat completion with the first 12 characters of the user's text."""

    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                "body": body})
        answer = "摘要：" + body["messages"][1]["content"][:12]
        reply = {"choices": [{"message": {"role": "assistant", "content": answer}}]}
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def server() -> Iterator[str]:
    _Completions.seen = []
    httpd = HTTPServer(("127.0.0.1", 0), _Completions)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_summaries_come_from_the_configured_endpoint_and_sit_beside_the_text(
    server: str, tmp_path: Path, sector_input: SectorInput, seed_document: Document,
    provenance: Provenance,
) -> None:
    config = tmp_path / "carbonnodes.toml"
    config.write_text(f'[llm]\nbase_url = "{server}"\nmodel = "tiny"\napi_key_env = "MY_KEY"\n',
                      encoding="utf-8")
    endpoint = llm_endpoint({"MY_KEY": "secret"}, config)
    ctx = build_context([sector_input], [seed_document], provenance)
    texts = measure_texts(ctx)
    assert set(texts) == {"seed-001-5-1", "seed-001-5-3"}
    summaries = summarize(endpoint, texts, "zh")
    assert [s["path"] for s in _Completions.seen] == ["/v1/chat/completions"] * 2
    assert _Completions.seen[0]["auth"] == "Bearer secret"
    assert _Completions.seen[0]["body"]["model"] == "tiny"
    md = render(with_summaries(ctx, summaries), "md")
    content = next(x for x in md.splitlines() if "**主要内容**" in x)
    summary = next(x for x in md.splitlines() if "**摘要（LLM 改写，以原文为准）**" in x)
    assert "加快运输服务领域新能源的推广应用" in content  # the extracted text is still there
    assert summary.endswith("摘要：" + texts["seed-001-5-1"][:12])
    payload = json.loads(render(with_summaries(ctx, summaries), "json"))
    link = payload["reports"][0]["nodes"][-1]["links"][0]["explanation"]
    assert link["summary"]["by"] == "llm" and link["excerpt"]


def test_summary_is_off_without_configuration_and_fails_loudly_when_unreachable(
    tmp_path: Path,
) -> None:
    with pytest.raises(InputError, match="CARBONNODES_LLM_BASE_URL"):
        llm_endpoint({}, tmp_path / "absent.toml")
    endpoint = llm_endpoint({"CARBONNODES_LLM_BASE_URL": "http://127.0.0.1:9",
                             "CARBONNODES_LLM_MODEL": "tiny"}, tmp_path / "absent.toml")
    with pytest.raises(CarbonNodesError, match="LLM endpoint"):
        summarize(endpoint, {"m": "文本"}, "zh")
