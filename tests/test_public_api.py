"""``generator`` declares its version and a public API, and importing it stays cheap."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import generator

from .conftest import ROOT


def test_the_version_is_the_one_the_package_was_installed_with() -> None:
    assert generator.__version__ == importlib.metadata.version("listening-to-patients")


def test_every_public_name_resolves_to_what_its_module_defines() -> None:
    import generator.build  # sets generator.build to the module, as a caller may
    from generator.build import build
    from generator.core.load import load_publication

    assert generator.build_publication is build
    assert generator.load_publication is load_publication
    for name in generator.__all__:
        if name != "__version__":
            assert callable(getattr(generator, name)), name
    assert set(generator.__all__) <= set(dir(generator))


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        generator.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("generator.no_such_thing should not exist")


def test_importing_the_package_loads_neither_mkdocs_nor_weasyprint() -> None:
    code = (
        "import sys, generator; "
        "print(sorted(m for m in ('mkdocs', 'weasyprint', 'markdown') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
