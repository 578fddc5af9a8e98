"""The typer application, its command groups and what every command shares.

Commands live in sibling modules (one per stage) and register themselves on these objects.
Only this package turns :class:`CarbonNodesError` into a one-line message and an exit code.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from carbonnodes.errors import CarbonNodesError, InputError, StoreError
from carbonnodes.store import DEFAULT_DB

app = typer.Typer(
    name="carbonnodes",
    help="Key nodes in daily CO2 emissions, and the policies and calendar events behind them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
ingest_app = typer.Typer(help="Load emission files or policy documents into the store.")
series_app = typer.Typer(help="List and show the emission series in the store.")
corpus_app = typer.Typer(help="List and show the policy documents in the store.")
app.add_typer(ingest_app, name="ingest")
app.add_typer(series_app, name="series")
app.add_typer(corpus_app, name="corpus")

#: Progress and messages go to stderr; stdout carries results only.
err = Console(stderr=True)
out = Console(highlight=False, soft_wrap=True)

DbOption = Annotated[
    str,
    typer.Option("--db", help="The embedded DuckDB store file.", envvar="CARBONNODES_DB"),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
LangOption = Annotated[str, typer.Option("--lang", help="Output language: zh or en.")]
#: The spellings of each output language ``--lang`` accepts (compared lower-case, ``_`` as ``-``).
LANG_SPELLINGS: dict[str, tuple[str, ...]] = {
    "zh": ("zh", "zh-cn", "zh-hans", "cn", "chinese", "中文", "汉语", "简体中文"),
    "en": ("en", "en-us", "en-gb", "english", "英文", "英语"),
}

EXIT_BAD_INPUT = 2
EXIT_STORE = 3
EXIT_OTHER = 1

P = ParamSpec("P")
R = TypeVar("R")


def default_db() -> str:
    return os.environ.get("CARBONNODES_DB", DEFAULT_DB)


def exit_code(exc: CarbonNodesError) -> int:
    if isinstance(exc, InputError):
        return EXIT_BAD_INPUT
    if isinstance(exc, StoreError):
        return EXIT_STORE
    return EXIT_OTHER


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a foreseen error into one line on stderr and a non-zero exit, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except CarbonNodesError as exc:
            message = " ".join(str(exc).split())
            print(f"error: {message}", file=sys.stderr)
            raise typer.Exit(exit_code(exc)) from None

    return wrapper


def check_lang(lang: str) -> str:
    """``zh`` or ``en`` for any usual spelling of the language: ZH, zh-CN, 中文, English."""
    spelt = lang.strip().lower().replace("_", "-")
    for code, spellings in LANG_SPELLINGS.items():
        if spelt in spellings:
            return code
    raise InputError(f"unknown language '{lang}' (zh or en)", field="--lang")


@contextmanager
def progress_bar(
    label: str, describe: Callable[[str], str]
) -> Iterator[Callable[[int, int, str], None]]:
    """A transient bar on stderr for an ingest; it starts on the first call, once the total is
    known, and shows ``describe(name)`` of the file at hand."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        console=err, transient=True,
    ) as progress:
        task: list[TaskID] = []

        def advance(done: int, total: int, name: str) -> None:
            if not task:
                task.append(progress.add_task(label, total=total))
            progress.update(task[0], completed=done, description=describe(name))

        yield advance


def bilingual(pair: tuple[str, str], lang: str) -> str:
    """The Chinese or English half of a ``(zh, en)`` label pair."""
    return pair[0] if lang == "zh" else pair[1]


def print_json(payload: Any) -> None:
    """JSON on stdout and nothing else: UTF-8, Chinese kept readable."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
