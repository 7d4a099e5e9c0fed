"""Help and shell completion of every command: ``-h`` works everywhere, no Python types in the help."""

from __future__ import annotations

import re

import pytest
from typer.core import TyperGroup

from fairgauge.cli.main import command
from tests.cli.run import fairgauge


def _command_paths(group: TyperGroup, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in group.commands.items():
        if isinstance(sub, TyperGroup):
            paths += _command_paths(sub, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


COMMANDS = _command_paths(command())
# What typer writes when left alone: <str>, <list[Path]>, <path>, <int range>, {identifier}.
PYTHON_TYPES = re.compile(r"<(str|int|float|bool|path|Path|list\[[^\]]*\]|int range)>|\{[a-z_]+\}|list\[")


def test_every_command_is_covered() -> None:
    names = {" ".join(path) for path in COMMANDS}
    assert {"", "assess", "harvest", "metrics show", "tracks validate", "refdata license", "settings"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "fairgauge")
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_everywhere_without_python_types(path: tuple[str, ...], flag: str) -> None:
    done = fairgauge(*path, flag)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Usage: fairgauge {' '.join(path)}".rstrip())
    assert "-h, --help" in done.stdout
    assert not PYTHON_TYPES.search(done.stdout), PYTHON_TYPES.findall(done.stdout)


def test_help_names_arguments_and_values_in_plain_notation() -> None:
    assess = fairgauge("assess", "-h").stdout
    assert "Usage: fairgauge assess [OPTIONS] IDENTIFIER" in assess
    assert "--replay PATH" in assess and "--profile TEXT" in assess
    assert "--format [text|json|html|badge|ttl|jsonld]" in assess
    validate = fairgauge("tracks", "validate", "-h").stdout
    assert "Usage: fairgauge tracks validate [OPTIONS] PATHS..." in validate
    assert "--limit INTEGER RANGE" in fairgauge("refdata", "show", "-h").stdout


def test_shell_completion_is_on() -> None:
    assert "--install-completion" in fairgauge("-h").stdout
    words = {"_FAIRGAUGE_COMPLETE": "complete_bash", "COMP_WORDS": "fairgauge tracks va", "COMP_CWORD": "2"}
    assert fairgauge(env=words).stdout.split() == ["validate"]
    formats = {"_FAIRGAUGE_COMPLETE": "complete_bash", "COMP_WORDS": "fairgauge assess x --format ", "COMP_CWORD": "4"}
    assert fairgauge(env=formats).stdout.split() == ["text", "json", "html", "badge", "ttl", "jsonld"]


def test_usage_errors_name_arguments_as_the_usage_line_does() -> None:
    done = fairgauge("harvest")
    assert done.returncode == 2
    assert "Usage: fairgauge harvest [OPTIONS] IDENTIFIER" in done.stderr
    assert "Missing argument 'IDENTIFIER'" in done.stderr and "Try 'fairgauge harvest -h' for help" in done.stderr
