"""The README's command table names every command the CLI has, in one table that renders."""

import argparse
from pathlib import Path

from solodesk.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def _command_names(parser: argparse.ArgumentParser, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                inner = _command_names(sub, f"{prefix}{name} ")
                names |= inner or {f"{prefix}{name}"}
    return names


def _command_table() -> list[str]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| command | does |")
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break  # a Markdown table ends at its first line that is not a row
        table.append(line)
    return table


def test_every_command_is_a_row_of_one_table() -> None:
    rows = _command_table()
    for name in _command_names(build_parser()):
        assert any(row.startswith(f"| `solodesk {name}") for row in rows), f"{name} is missing from the README table"
