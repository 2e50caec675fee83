"""The documentation's examples stay true."""

from __future__ import annotations

import re
from pathlib import Path

from crampcoach.core.loader import load_routine_file
from tests.fakes import REPO


def test_the_format_example_in_the_docs_is_a_valid_routine(tmp_path: Path) -> None:
    text = (REPO / "docs" / "routine-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example is not None
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "calf.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    path = tmp_path / "example.yaml"
    path.write_text(example.group(1), encoding="utf-8")
    result = load_routine_file(path)
    assert [d.format() for d in result.diagnostics if d.is_error] == []
    assert result.ok


def test_readme_commands_exist() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for script in re.findall(r"(scripts/[\w.-]+\.sh)", readme):
        assert (REPO / script).is_file(), script
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci
    assert "scripts/test.sh" in readme
