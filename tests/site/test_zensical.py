"""The Zensical engine's site passes the gates the MkDocs site passes.

The example project is built for real with ``publication build --engine
zensical --strict`` (the PDF and the handouts too) and compared with the
example site every other site test reads (``example_site``: the same
orchestrator, with MkDocs): the same pages at the same addresses, with the same
article text and tables of contents, and the same PDFs beside them. Then the
gates: the Nu Html Checker, axe in Chromium, links, nothing from another host,
``lang="en-GB"``; and the hostile-text project, whose every field holds markup,
reads as written.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import functools
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from site_helpers import ROOT, ParsedPage, axe_problems, with_axe, parse_site

from generator.core.errors import BuildFailed
from generator.core.load import load_publication
from generator.engines import Prepared
from generator.site import pages

pytestmark = pytest.mark.slow

PUBLICATION = load_publication(ROOT)
EPOCH = "1400000000"
"""The build date of ``example_site`` (``conftest.SOURCE_DATE_EPOCH``): the PDFs
of both builds must be the same bytes."""
VNU = ROOT / "tests/tools/node_modules/vnu-jar/build/dist/vnu.jar"
VIEWPORTS = {"desktop": (1280, 800), "phone": (390, 844)}


def _publication_build(root: Path, out: Path, *options: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    env.pop("PUBLICATION_PDF", None)
    command = [sys.executable, "-m", "generator", "--root", str(root), "build"]
    command += ["--engine", "zensical", "--out", str(out), *options]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("zensical") / "site"
    _publication_build(ROOT, site, "--strict")
    return site


@pytest.fixture(scope="module")
def parsed(zensical_site: Path) -> dict[str, ParsedPage]:
    return parse_site(zensical_site)


def _serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def zensical_url(zensical_site: Path) -> Iterator[str]:
    yield from _serve(zensical_site)


def _html_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


# -- the same site as MkDocs' ------------------------------------------------------


def test_every_page_of_the_mkdocs_site_is_at_the_same_address(
    example_site: Path, zensical_site: Path
) -> None:
    assert _html_files(zensical_site) == _html_files(example_site)
    assert len(_html_files(zensical_site)) > 20 + len(PUBLICATION.case_studies)


class _Article(HTMLParser):
    """The text and links of a page's ``<article>``, and its table of contents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.toc: list[tuple[str, str]] = []
        self._article = self._toc = self._skip = 0
        self._link: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "article":
            self._article += 1
        elif tag in ("script", "style"):
            self._skip += 1
        elif tag == "nav" and (self._toc or "md-nav--secondary" in (attributes["class"] or "")):
            self._toc += 1
        elif tag == "a" and self._toc:
            self._link = [attributes.get("href") or "", ""]
        if self._article:
            self.links += [f"{tag}.{k}={v}" for k, v in attrs if k in ("href", "src")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        elif tag in ("script", "style"):
            self._skip -= 1
        elif tag == "nav" and self._toc:
            self._toc -= 1
        elif tag == "a" and self._link is not None:
            self.toc.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._article and not self._skip:
            self.text.append(data)
        if self._link is not None:
            self._link[1] += data


def _read(file: Path) -> _Article:
    article = _Article()
    article.feed(file.read_text(encoding="utf-8"))
    return article


def _resolved(page: str, links: list[str]) -> list[str]:
    """Each link as the address it leads to: ``guide/`` and ``../contribute/guide/``
    on ``contribute/`` are one link, written two ways."""
    resolved = []
    for link in links:
        where, _, url = link.partition("=")
        parts = urlsplit(url)
        if parts.scheme or url.startswith(("/", "#", "?")):
            resolved.append(link)
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
        path += "/" if parts.path.endswith("/") else ""
        resolved.append(
            f"{where}={path}{'?' + parts.query if parts.query else ''}#{parts.fragment}"
        )
    return resolved


def test_every_page_has_the_same_article_and_contents(
    example_site: Path, zensical_site: Path
) -> None:
    """Whitespace aside, what a reader reads in the page and where every link in it
    leads (Zensical restates relative links), and its table of contents."""
    different = []
    for path in _html_files(example_site):
        mkdocs, zensical = _read(example_site / path), _read(zensical_site / path)
        if " ".join("".join(mkdocs.text).split()) != " ".join("".join(zensical.text).split()):
            different.append(f"{path}: article text")
        if _resolved(path, mkdocs.links) != _resolved(path, zensical.links):
            different.append(f"{path}: links {set(mkdocs.links) ^ set(zensical.links)}")
        if mkdocs.toc != zensical.toc:
            different.append(f"{path}: contents {mkdocs.toc} != {zensical.toc}")
    assert not different, "\n".join(different)


def test_the_pdfs_are_beside_it_and_the_same(example_site: Path, zensical_site: Path) -> None:
    pdfs = sorted(p.relative_to(example_site).as_posix() for p in example_site.rglob("*.pdf"))
    assert len(pdfs) == 1 + len(PUBLICATION.case_studies)
    assert sorted(
        p.relative_to(zensical_site).as_posix() for p in zensical_site.rglob("*.pdf")
    ) == (pdfs)
    different = [p for p in pdfs if not filecmp.cmp(example_site / p, zensical_site / p, False)]
    assert not different
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert 'href="listening-to-patients.pdf"' in home


# -- the gates ---------------------------------------------------------------------


def test_every_page_is_valid_html(zensical_site: Path) -> None:
    java = shutil.which("java")
    assert java, "a Java runtime is needed for the Nu Html Checker (.ci/run installs one)"
    assert VNU.is_file(), "run `make tools` to install the Nu Html Checker"
    files = [str(zensical_site / p) for p in _html_files(zensical_site)]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m.get('url', '').removeprefix(zensical_site.as_uri() + '/')}:{m.get('lastLine')}: "
        f"{m.get('message')}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)


def test_every_page_is_british_english(parsed: dict[str, ParsedPage]) -> None:
    assert {p.path: p.lang for p in parsed.values()} == {path: "en-GB" for path in parsed}


def _target(site: Path, page: str, url: str) -> tuple[Path, str]:
    """The file a link on ``page`` points at, and its fragment."""
    parts = urlsplit(url)
    base = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    path = unquote(parts.path)
    target = site / os.path.normpath(base + path) if path else site / page
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def test_every_internal_link_anchor_and_asset_resolves(
    zensical_site: Path, parsed: dict[str, ParsedPage]
) -> None:
    broken: list[str] = []
    for page in parsed.values():
        if page.path == "404.html":
            continue  # its links are written for any address
        for where, url in page.links:
            if urlsplit(url).scheme or url.startswith("//"):
                continue
            target, fragment = _target(zensical_site, page.path, url)
            if not target.is_file():
                broken.append(f"{page.path}: {where}={url} (no {target})")
                continue
            rel = target.relative_to(zensical_site).as_posix()
            if fragment and target.suffix == ".html" and fragment not in parsed[rel].ids:
                broken.append(f"{page.path}: {where}={url} (no #{fragment})")
    assert not broken, "\n".join(broken[:50])


def test_nothing_is_requested_from_another_host(
    zensical_site: Path, parsed: dict[str, ParsedPage]
) -> None:
    """Resources come from this site; only links a reader follows may leave it.
    (The browser test below also watches every request Chromium makes.)"""
    foreign = [
        f"{page.path}: {where}={url}"
        for page in parsed.values()
        for where, url in page.links
        if where != "a.href" and (urlsplit(url).scheme or url.startswith("//"))
    ]
    assert not foreign, "\n".join(foreign)
    for css in zensical_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", css.read_text(encoding="utf-8")):
            assert not re.match(r"(https?:)?//", url), f"{css}: {url}"
    for html in zensical_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html
        assert "zensical.org" not in text, html  # no "Made with" link in our footer


def test_search_index_holds_every_case_study_and_skips_listings(zensical_site: Path) -> None:
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    locations = {item["location"].partition("#")[0] for item in index["items"]}
    for case in PUBLICATION.case_studies:
        assert f"case-studies/{case.slug}/" in locations
    assert "case-studies/" not in locations  # the listing: search finds the case studies


_MARKUP_AS_TEXT = re.compile(r"&lt;/?(?:p|strong|em|a|ul|ol|li|div|span|br)\b")
"""A tag shown as text; ``&lt;name&gt;`` in the editors' guide is text written so."""


def _words(html: str) -> set[str]:
    return set(re.findall(r"\w+", unescape(re.sub(r"<[^>]+>", " ", html)).lower()))


def test_search_index_leaves_out_what_the_mkdocs_index_leaves_out(
    example_site: Path, zensical_site: Path
) -> None:
    """The same entries as MkDocs' index, and no word in them that MkDocs' index
    does not hold for that page: charts and tables stay out (``data-search-exclude``),
    no element boundary runs two words together (tests/site/test_site_readers.py
    checks MkDocs' index for both), and no markup is indexed as text (Zensical
    read a ``<noscript>``'s as "&lt;p&gt;&lt;strong&gt;The form...")."""
    mkdocs = json.loads((example_site / "search/search_index.json").read_text("utf-8"))["docs"]
    zensical = json.loads((zensical_site / "search.json").read_text("utf-8"))["items"]
    assert {d["location"] for d in zensical} == {d["location"] for d in mkdocs}
    on_page: dict[str, set[str]] = {}
    for doc in mkdocs:
        on_page.setdefault(doc["location"].partition("#")[0], set()).update(_words(doc["text"]))
    extra = {}
    for item in zensical:
        text = item["text"]
        assert not _MARKUP_AS_TEXT.search(text), item["location"]
        assert "Horizontal bar chart" not in text, item["location"]
        if more := _words(text) - on_page[item["location"].partition("#")[0]]:
            extra[item["location"]] = sorted(more)
    assert extra == {}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_no_violation_and_nothing_comes_from_another_host(
    browser, zensical_url: str, zensical_site: Path, viewport: str
) -> None:
    """The MkDocs site's gate (tests/site/test_site_browser.py) on every page: WCAG
    2.0, 2.1 and 2.2 A and AA and axe's best practices; no sideways scrolling at phone
    width; every request Chromium makes (search included) goes to this site."""
    width, height = VIEWPORTS[viewport]
    context = with_axe(browser.new_context(viewport={"width": width, "height": height}))
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    problems: list[str] = []
    try:
        for path in _html_files(zensical_site):
            url = path.removesuffix("index.html")
            page.goto(zensical_url + url)
            problems += axe_problems(page, f"/{url}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    foreign = [u for u in requested if not u.startswith((zensical_url, "data:", "blob:"))]
    assert requested and not foreign, foreign


def _search(page, word: str, href: str) -> str:  # type: ignore[no-untyped-def]
    """Search the site for ``word`` in Zensical's search dialog; the text of the
    first result linking to ``href``."""
    page.click(".md-search__button")
    # The dialog loads the index when it opens; on a busy machine a word typed before
    # it is ready finds nothing until the query changes, so change it once more.
    selector = f"ol[role=listbox] a[href*='{href}']"
    page.keyboard.type(word)
    try:
        result = page.wait_for_selector(selector, timeout=20000)
    except PlaywrightTimeout:
        page.keyboard.press("Backspace")
        page.keyboard.type(word[-1])
        result = page.wait_for_selector(selector, timeout=30000)
    assert result is not None
    return " ".join(result.inner_text().split())


@pytest.mark.browser
def test_search_finds_a_case_study_by_a_word_from_its_story(browser, zensical_url: str) -> None:
    case = PUBLICATION.by_slug("heol-fawr-medical-centre-trefelin-cluster")
    assert "pharmacist" in case.body
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(zensical_url)
        assert case.title in _search(page, "pharmacist", f"case-studies/{case.slug}/")
    finally:
        page.close()


# -- the engine itself ---------------------------------------------------------------


def _prepared(root: Path = ROOT) -> Prepared:
    return Prepared(
        publication=load_publication(root),
        root=root,
        date=dt.datetime.fromtimestamp(int(EPOCH), dt.UTC),
        drafts=False,
        downloads=pages.Downloads(),
    )


def test_two_builds_give_the_same_bytes_and_keep_what_was_there(tmp_path: Path) -> None:
    """Deterministic output; the stamp and the PDFs already in the folder stay, and the
    work folder goes."""
    from generator.engines.zensical import build_site

    prepared = _prepared()
    first, second = tmp_path / "first", tmp_path / "second"
    handout = second / "case-studies" / PUBLICATION.case_studies[0].slug / "handout.pdf"
    handout.parent.mkdir(parents=True)
    handout.write_bytes(b"%PDF-")
    (second / ".stamp").write_text("a build's")
    report = build_site(prepared, first, strict=True)
    build_site(prepared, second, strict=True)
    assert report.pages == len(_html_files(first)) and report.site_dir == first
    assert handout.read_bytes() == b"%PDF-" and (second / ".stamp").is_file()
    handout.unlink()
    (second / ".stamp").unlink()
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    assert [n for n in names if not filecmp.cmp(first / n, second / n, False)] == []
    assert [p for p in first.iterdir() if p.name.startswith(".")] == []


def test_a_zensical_failure_is_one_line_naming_the_step(tmp_path: Path) -> None:
    from generator.engines.zensical import build_site

    root = tmp_path / "project"
    for part in ("content", "casestudies"):
        shutil.copytree(ROOT / part, root / part)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config.replace("language: en-GB", "language: xx-XX"))
    site = tmp_path / "site"
    site.mkdir()
    (site / "kept.pdf").write_bytes(b"%PDF-")
    with pytest.raises(BuildFailed) as failure:
        build_site(_prepared(root), site, strict=False)
    message = str(failure.value)
    assert "\n" not in message and "zensical build" in message and "xx-XX" in message, message
    assert sorted(p.name for p in site.iterdir()) == ["kept.pdf"]


def test_a_projects_own_theme_folder_goes_over_our_overrides(tmp_path: Path) -> None:
    """As under MkDocs, where the plugin puts a project's ``custom_dir`` first."""
    from generator.engines.zensical import build_site

    root = tmp_path / "project"
    for part in ("content", "casestudies"):
        shutil.copytree(ROOT / part, root / part)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("  name: material\n", "  name: material\n  custom_dir: theme\n")
    )
    (root / "theme" / "partials").mkdir(parents=True)
    (root / "theme" / "partials" / "copyright.html").write_text("<p>Our own footer</p>\n")
    build_site(_prepared(root), tmp_path / "site", strict=True)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "<p>Our own footer</p>" in home and "Published by the" not in home
    assert '<html lang="en-GB"' in home  # our overrides are still there beneath it


def test_zensical_is_the_release_the_overrides_were_checked_against() -> None:
    """The overrides are blocks over its base.html and copies of partials with small
    fixes, and shell.py mends its pages' shell: an upgrade must re-check them
    (with this file) before it changes this pin."""
    from generator.engines.zensical.run import CHECKED

    assert version("zensical") == CHECKED
    pinned = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'zensical = ["zensical=={CHECKED}"]' in pinned
    assert f"zensical=={CHECKED}\n" in (ROOT / "requirements.lock").read_text(encoding="utf-8")


def test_what_the_shell_mends_is_in_zensicals_base_template() -> None:
    """Its own base.html is used, not a copy, and still holds what shell.py mends."""
    import zensical

    from generator.engines import shell
    from generator.engines.zensical.staging import OVERRIDES

    assert not (OVERRIDES / "base.html").exists()
    base = (Path(zensical.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    for before, _after in (*shell._TOGGLES, shell._OVERLAY):
        assert before in base
    assert '<a href="#__skip" class="md-skip">' in base


# -- text that holds markup ------------------------------------------------------------

HOSTILE = ROOT / "tests/golden/projects/hostile-text"
HOSTILE_SLUG = "quokka-surgery-hostile-text"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content pages and mkdocs.yml with the hostile-text case study
    (see test_site_hostile.py) and one real one, built with Zensical."""
    root = tmp_path_factory.mktemp("hostile-zensical") / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(HOSTILE / "casestudies", root / "casestudies")
    kept = "glenmoyle-surgery-text-reminders.md"
    shutil.copy(ROOT / "casestudies" / kept, root / "casestudies" / kept)
    _publication_build(root, root / "site", "--no-pdf")
    return root / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from _serve(hostile_site)


def test_no_output_holds_the_markup_raw(hostile_site: Path) -> None:
    checked = 0
    for file in sorted(hostile_site.rglob("*")):
        if file.suffix not in (".html", ".json", ".xml"):
            continue
        text = file.read_text(encoding="utf-8")
        if file.suffix == ".json":
            json.loads(text)
        for needle in ("<script>alert", "<img src=x", "</title><img"):
            assert needle not in text, f"{file.relative_to(hostile_site)}: {needle}"
        checked += 1
    assert checked > 20


@pytest.mark.browser
def test_titles_read_as_written_and_nothing_runs(
    browser, hostile_site: Path, hostile_url: str
) -> None:
    """In the tab, the header, the page, its contents and a search result."""
    case = load_publication(hostile_site.parent).by_slug(HOSTILE_SLUG)
    heading = next(h for h in case.headings if "alert" in h.title)
    site_name = "Developing general practice, listening to patients"
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(hostile_url + f"case-studies/{HOSTILE_SLUG}/")
        assert page.evaluate("document.title") == f"{case.title} - {site_name}"
        assert " ".join(page.inner_text("article h1").split()) == case.title
        topic = page.inner_text(".md-header__topic[data-md-component=header-topic]")
        assert " ".join(topic.split()) == case.title
        toc = page.eval_on_selector_all(
            f".md-nav--secondary a[href='#{heading.id}']", "els => els.map(e => e.textContent)"
        )
        assert [" ".join(t.split()) for t in toc] == [heading.title]
        page.goto(hostile_url)
        assert case.title in _search(page, "Quokka", f"case-studies/{HOSTILE_SLUG}/")
        page.wait_for_timeout(300)  # a broken image's onerror, if any
        assert dialogs == []
        assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    finally:
        page.close()


def test_no_empty_announcement_strip(zensical_site: Path) -> None:
    """The announce block is trimmed, so no empty banner is drawn above the header."""
    for page in sorted(zensical_site.rglob("*.html")):
        assert 'class="md-banner' not in page.read_text(encoding="utf-8"), page


def test_every_page_says_who_published_it_and_when(zensical_site: Path) -> None:
    for page in sorted(zensical_site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        assert "Published by the BMA General Practitioners Committee, <time" in html, page


def test_the_404_page_is_the_one_both_engines_share(zensical_site: Path) -> None:
    """One template for both engines (generator/engines/templates/), not Zensical's own."""
    page = (zensical_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in page
    assert "If you typed the web address, check it is correct." in page
