"""Optional LLM summaries of measure texts, only through an endpoint the user configured.

Off by default. The endpoint speaks the OpenAI chat-completions protocol; it is named by
environment variables (CARBONNODES_LLM_BASE_URL, CARBONNODES_LLM_MODEL, and the key in
CARBONNODES_LLM_API_KEY) or by a ``[llm]`` table in ./carbonnodes.toml (``base_url``,
``model``, ``api_key_env``: the name of the variable holding the key). The report keeps the
extracted text beside every summary, so nothing rests on the model's word alone.
"""

from __future__ import annotations

import json
import tomllib
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from carbonnodes.errors import CarbonNodesError, InputError

CONFIG_FILE = "carbonnodes.toml"
_PROMPTS = {
    "zh": "把下面这条政策举措的原文压缩成不超过80字的中文摘要。只能使用原文里的信息，"
          "不得补充原文没有的数字、日期、单位或效果。只输出摘要。",
    "en": "Summarise this policy measure in at most 40 English words. Use only facts stated "
          "in the text; add no number, date, agency or effect it does not state. Output only "
          "the summary.",
}


@dataclass(frozen=True)
class LlmEndpoint:
    base_url: str
    model: str
    api_key: str = ""
    timeout_s: float = 60.0


def llm_endpoint(environ: Mapping[str, str], config: Path = Path(CONFIG_FILE)) -> LlmEndpoint:
    """The configured endpoint; environment variables win over the config file."""
    table: dict[str, object] = {}
    if config.is_file():
        try:
            table = dict(tomllib.loads(config.read_text(encoding="utf-8")).get("llm", {}))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"not valid TOML ({exc})", file=str(config)) from exc
    base_url = environ.get("CARBONNODES_LLM_BASE_URL") or str(table.get("base_url", ""))
    model = environ.get("CARBONNODES_LLM_MODEL") or str(table.get("model", ""))
    key_env = str(table.get("api_key_env", "CARBONNODES_LLM_API_KEY"))
    if not base_url or not model:
        raise InputError(
            "--llm-summary needs an endpoint: set CARBONNODES_LLM_BASE_URL and "
            f"CARBONNODES_LLM_MODEL, or an [llm] table in {CONFIG_FILE}",
            field="--llm-summary",
        )
    return LlmEndpoint(base_url.rstrip("/"), model, environ.get(key_env, ""))


def summarize(endpoint: LlmEndpoint, texts: Mapping[str, str], lang: str) -> dict[str, str]:
    """One summary per text id, in id order (so repeated runs ask in the same order)."""
    return {key: _complete(endpoint, _PROMPTS[lang], texts[key]) for key in sorted(texts)}


def _complete(endpoint: LlmEndpoint, instruction: str, text: str) -> str:
    body = json.dumps({
        "model": endpoint.model,
        "temperature": 0,
        "messages": [{"role": "system", "content": instruction},
                     {"role": "user", "content": text}],
    }).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    request = urllib.request.Request(f"{endpoint.base_url}/chat/completions", data=body,
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=endpoint.timeout_s) as response:
            answer = json.loads(response.read().decode("utf-8"))
        content = answer["choices"][0]["message"]["content"]
    except (urllib.error.URLError, TimeoutError, ValueError, KeyError, IndexError) as exc:
        raise CarbonNodesError(f"LLM endpoint {endpoint.base_url} failed: {exc}") from exc
    return " ".join(str(content).split())
