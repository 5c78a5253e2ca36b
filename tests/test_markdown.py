"""The one Markdown configuration: canonical links, headings, findings, limits."""

from __future__ import annotations

from generator.core.markdown import CASE_STUDY_SCHEME, render, rewrite_urls, too_complex


def test_case_study_links_become_canonical_and_each_output_rewrites_them() -> None:
    rendered = render("See [their story](other-practice.md#what-we-did) and [x](other/index.md).")
    assert f'href="{CASE_STUDY_SCHEME}other-practice#what-we-did"' in rendered.html
    assert f'href="{CASE_STUDY_SCHEME}other"' in rendered.html
    site = rewrite_urls(
        rendered.html,
        case_study_link=lambda slug, fragment: f"../{slug}/" + (f"#{fragment}" if fragment else ""),
    )
    assert 'href="../other-practice/#what-we-did"' in site and 'href="../other/"' in site


def test_image_paths_are_rewritten_only_for_local_files() -> None:
    rendered = render("![A chart](chart.png)")
    html = rewrite_urls(rendered.html, case_study_link=lambda s, f: s, image=lambda s: "IMG/" + s)
    assert 'src="IMG/chart.png"' in html


def test_heading_titles_are_plain_text_without_placeholders_or_footnote_markers() -> None:
    rendered = render("## Fish &amp; chips &copy; and `code`[^1]\n\nText.[^1]\n\n[^1]: A note.\n")
    (heading,) = rendered.headings
    assert heading.title == "Fish & chips © and code"
    assert heading.level == 2 and heading.id


def test_findings_are_what_the_conversion_holds() -> None:
    rendered = render(
        "# Big\n\nA <b>bold</b> [link](https://example.org) ![](x.png)\n\n    <i>code</i>\n"
    )
    kinds = [(f.kind, f.value) for f in rendered.findings]
    assert ("heading", "Big") in kinds
    assert ("raw-html", "<b>") in kinds
    assert ("link", "https://example.org") in kinds
    assert ("image", "x.png") in kinds
    assert not any(value == "<i>" for _, value in kinds)  # indented code is not HTML


def test_word_count_counts_the_text_not_the_markup() -> None:
    assert render("## Two words\n\n**Three more words**").word_count == 5


def test_limits_refuse_only_pathological_text() -> None:
    assert too_complex("## Ordinary\n\n- a list\n    - nested\n\n> quoted\n") == []
    assert too_complex("*" * 60)
    assert too_complex(" " * 44 + "- deep")
