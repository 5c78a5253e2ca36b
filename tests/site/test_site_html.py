"""The Nu Html Checker over every page of the example site, in one Java call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from site_helpers import ROOT

pytestmark = pytest.mark.slow

VNU = ROOT / "tests/tools/node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_is_valid_html(example_site: Path) -> None:
    java = shutil.which("java")
    assert java, "a Java runtime is needed for the Nu Html Checker (.ci/run installs one)"
    assert VNU.is_file(), "run `make tools` to install the Nu Html Checker"
    pages = sorted(str(p) for p in example_site.rglob("*.html"))
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).relative_to(example_site) if m.get('url', '').startswith('/') else m.get('url')}"
        f":{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert len(pages) > 20
    assert not errors, "\n".join(errors)
