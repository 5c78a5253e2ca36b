"""The example site, built once per session with the real plugin, read as files."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from site_helpers import ROOT, ParsedPage

from generator.core.load import load_publication
from generator.output_folder import STAMP

pytestmark = pytest.mark.slow

PUBLICATION = load_publication(ROOT)


def test_every_page_of_the_url_scheme_exists(example_site: Path) -> None:
    expected = [
        "index.html",
        "404.html",
        "case-studies/index.html",
        "themes/index.html",
        "nations/index.html",
        "about/index.html",
        "contribute/index.html",
        "contribute/guide/index.html",
        "patients-views/index.html",
    ]
    expected += [f"case-studies/{c.slug}/index.html" for c in PUBLICATION.case_studies]
    expected += [f"themes/{t.id}/index.html" for t in PUBLICATION.themes]
    expected += [
        f"nations/{n}/index.html" for n in ("england", "scotland", "wales", "northern-ireland")
    ]
    missing = [path for path in expected if not (example_site / path).is_file()]
    assert not missing
    assert len(PUBLICATION.case_studies) >= 3, "the example publication has case studies"


def test_every_page_is_british_english(parsed_site: dict[str, ParsedPage]) -> None:
    assert {page.path: page.lang for page in parsed_site.values()} == {
        path: "en-GB" for path in parsed_site
    }


def _target(site: Path, page: str, url: str) -> tuple[Path, str]:
    """The file a link on ``page`` points at, and its fragment."""
    parts = urlsplit(url)
    base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    path = unquote(parts.path)
    resolved = os.path.normpath(base + path) if path else page
    target = site / resolved
    if path.endswith("/") or (target.is_dir()):
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_anchor_and_asset_resolves(
    example_site: Path, parsed_site: dict[str, ParsedPage]
) -> None:
    broken: list[str] = []
    for page in parsed_site.values():
        if page.path == "404.html":
            continue  # its links are written for any address; checked in the browser
        for where, url in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target, fragment = _target(example_site, page.path, url)
            if not target.is_file():
                broken.append(f"{page.path}: {where}={url} (no {target})")
                continue
            if fragment and target.suffix == ".html":
                rel = target.relative_to(example_site).as_posix()
                if fragment not in parsed_site[rel].ids:
                    broken.append(f"{page.path}: {where}={url} (no #{fragment})")
    assert not broken, "\n".join(broken[:50])


def test_stylesheet_urls_resolve(example_site: Path) -> None:
    css = example_site / "assets/publication/stylesheets/site.css"
    for url in re.findall(r"url\(\"?([^\")]+)\"?\)", css.read_text()):
        assert (css.parent / url).resolve().is_file(), url


def test_nothing_is_requested_from_another_host(
    example_site: Path, parsed_site: dict[str, ParsedPage]
) -> None:
    """Resources (scripts, styles, images, fonts) all come from this site.

    Links a reader may follow (``<a href>``) may point elsewhere: practice
    websites and the sources a story cites.
    """
    foreign: list[str] = []
    for page in parsed_site.values():
        for where, url in page.links:
            if where == "a.href":
                continue
            if urlsplit(url).scheme or url.startswith("//"):
                foreign.append(f"{page.path}: {where}={url}")
    assert not foreign, "\n".join(foreign)
    for css in example_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", css.read_text(encoding="utf-8")):
            assert not re.match(r"(https?:)?//", url), f"{css}: {url}"
    for html in example_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html


def test_case_study_pages_are_compiled_not_rerendered(example_site: Path) -> None:
    """The page carries the core's HTML for the story, and its table of contents."""
    for case in PUBLICATION.case_studies:
        html = (example_site / f"case-studies/{case.slug}/index.html").read_text(encoding="utf-8")
        for heading in case.headings:
            assert f'id="{heading.id}"' in html, (case.slug, heading.id)
            assert f'href="#{heading.id}"' in html, (case.slug, "toc", heading.id)
        assert html.count("<h1") == 1


def test_images_are_published_beside_their_case_study(example_site: Path) -> None:
    with_images = [c for c in PUBLICATION.case_studies if c.images]
    assert with_images, "the example has a case study with images"
    for case in with_images:
        for name in case.images:
            assert (example_site / "case-studies" / case.slug / name).is_file()
        html = (example_site / f"case-studies/{case.slug}/index.html").read_text(encoding="utf-8")
        # The article's pictures; the header's logo is decoration (empty alt, the
        # site's name beside it).
        article = html[html.index("<article") : html.index("</article>")]
        for alt in re.findall(r"<img [^>]*>", article):
            assert re.search(r'alt="[^"]+"', alt), alt


def test_unpublished_contact_details_appear_nowhere(example_site: Path) -> None:
    hidden = [
        value
        for case in PUBLICATION.case_studies
        if case.contact is not None and not case.contact.publish
        for value in (case.contact.email, case.contact.phone)
        if value
    ]
    texts = [p.read_text(encoding="utf-8") for p in example_site.rglob("*.html")]
    texts.append((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    for value in hidden:
        assert not any(value in text for text in texts), value


def test_search_index_holds_every_case_study(example_site: Path) -> None:
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    for case in PUBLICATION.case_studies:
        assert f"case-studies/{case.slug}/" in locations


def test_nav_lists_sections_not_case_studies(example_site: Path) -> None:
    html = (example_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>\n")] if "</nav>\n" in nav else nav
    for case in PUBLICATION.case_studies:
        assert f"case-studies/{case.slug}/" not in nav


@pytest.mark.parametrize("epoch", ["1400000000", None], ids=["SOURCE_DATE_EPOCH", "no date set"])
def test_mkdocs_build_and_publication_build_give_the_same_bytes(
    tmp_path: Path, epoch: str | None
) -> None:
    """Byte for byte, every page and every PDF: ``publication build`` (the
    orchestrator runs MkDocs) against plain ``mkdocs build`` (the plugin asks
    the orchestrator to prepare). Without ``SOURCE_DATE_EPOCH`` both fall back
    to the same date (a copy outside git: the newest case study's).

    This is also the determinism check: two builds, same input, same bytes.
    """
    root = tmp_path / "project"
    for part in ("content", "casestudies"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PUBLICATION_PDF")}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    ours = [sys.executable, "-m", "generator", "--root", str(root), "build"]
    subprocess.run([*ours, "--out", str(tmp_path / "ours")], env=env, check=True)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "mkdocs")]
    subprocess.run(mkdocs, cwd=root, env=env, check=True)
    stamp = tmp_path / "ours" / STAMP
    assert stamp.is_file()
    stamp.unlink()  # the output folder's stamp: a build's, not a page
    pdfs = sorted(p.name for p in (tmp_path / "mkdocs").rglob("*.pdf"))
    assert len(pdfs) == 1 + len(PUBLICATION.case_studies), pdfs
    differences = _different_files(tmp_path / "ours", tmp_path / "mkdocs")
    assert not differences, differences[:20]


def _different_files(a: Path, b: Path) -> list[str]:
    names_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    names_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    if names_a != names_b:
        return sorted(set(names_a) ^ set(names_b))
    return [n for n in names_a if not filecmp.cmp(a / n, b / n, shallow=False)]


def test_search_sections_are_what_materials_parser_cuts() -> None:
    """The plugin indexes generated pages itself (fast); it must index the same."""
    from material.plugins.search.plugin import Parser

    from generator.site import pages

    for page in pages.site_pages(PUBLICATION):
        parser = Parser()
        parser.feed(page.html)
        parser.close()
        # Material titles a section without a heading with page.meta["title"],
        # which the plugin sets to pages.html_text(page.title).
        theirs = [
            (s.id, "".join(s.title).strip() or pages.html_text(page.title), "".join(s.text).strip())
            for s in parser.data
            if not s.is_excluded()
        ]
        ours = [(s.anchor, s.title, s.text) for s in pages.search_sections(page)]
        assert ours == theirs, page.url


def test_search_index_entries_point_at_real_anchors(
    example_site: Path, parsed_site: dict[str, ParsedPage]
) -> None:
    index = json.loads((example_site / "search/search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        path, _, fragment = doc["location"].partition("#")
        page = parsed_site[path + "index.html" if path.endswith("/") or not path else path]
        assert not fragment or fragment in page.ids, doc["location"]


def test_figures_are_drawn_and_numbered(example_site: Path) -> None:
    """Every ``{{ figure: name }}`` is a drawn figure with its table, none left empty."""
    placeholders = re.compile(r'<figure class="data-figure" data-figure="[^"]*"></figure>')
    drawn = 0
    for html in example_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not placeholders.search(text), html
        drawn += text.count('<figure class="data-figure" id="figure-')
    assert drawn >= len(PUBLICATION.figures)
    page = (example_site / "working-together/index.html").read_text(encoding="utf-8")
    assert "Figure 1: " in page and "<caption>Figure 1 data: " in page
