"""Every error the package raises on purpose.

    CarbonNodesError
    ├── InputError          bad user input: a file, a row, a field, a name, an option
    │   ├── UnknownNameError    a region or sector nobody knows (carries close matches)
    │   │   └── AmbiguousNameError  a name two cities share (Suzhou: 苏州, 宿州)
    │   └── SeriesError         a series the detector cannot work on (too short, constant …)
    ├── CorpusError         a policy document that cannot be read
    └── StoreError          the embedded store is missing, locked or from another version

Only the CLI turns these into exit codes and one-line messages; the web layer turns them into
4xx answers. The message is written to stand alone on one line.
"""

from __future__ import annotations


class CarbonNodesError(Exception):
    """Base class: a failure we foresaw and can explain in one line."""


class InputError(CarbonNodesError):
    """Bad input. ``where`` names the file, line and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        parts = []
        if file is not None:
            parts.append(file)
        if line is not None:
            parts.append(f"line {line}")
        if field is not None:
            parts.append(f"field '{field}'")
        prefix = ", ".join(parts)
        text = f"{prefix}: {message}" if prefix else message
        # Cells and headers quoted from a file may hold line breaks; the message stays one line.
        super().__init__(" ".join(text.splitlines()))


class UnknownNameError(InputError):
    """A region or sector name that resolves to nothing; lists the closest known names."""

    def __init__(self, what: str, name: str, suggestions: list[str]) -> None:
        self.suggestions = suggestions
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"unknown {what} '{name}'{hint}")


class AmbiguousNameError(UnknownNameError):
    """A name several regions share; a kind of unknown name, so every handler of one takes it."""

    def __init__(self, what: str, name: str, candidates: list[str]) -> None:
        InputError.__init__(
            self, f"'{name}' names more than one {what}: {'; '.join(candidates)}: write one of "
            "these, or the Chinese name"
        )
        self.suggestions = candidates


class SeriesError(InputError):
    """A series the detector cannot analyse, with the reason."""


class CorpusError(CarbonNodesError):
    """A policy document that cannot be read at all."""


class StoreError(CarbonNodesError):
    """The embedded store cannot be opened or used."""
