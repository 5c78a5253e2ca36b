"""Every rule id an editor can meet, with what causes it and how to fix it.

The editors' guide on the site is made from this list and from
:mod:`generator.core.fields`, and a test checks that every rule the code reports is
listed here, so the guide cannot drift from what the validator says.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    group: str
    """Where the rule looks: the file, the fields, the story, privacy, or across files."""
    cause: str
    fix: str
    severity: str = "error"


_RULES: tuple[Rule, ...] = (
    # The file itself
    Rule(
        "not-utf8",
        "file",
        "The file is saved in another encoding than UTF-8.",
        "Save it as UTF-8 (in most editors: Save As, then Encoding: UTF-8).",
    ),
    Rule(
        "file-too-large",
        "file",
        "The file is over 1 MB.",
        "Shorten the story; put pictures in files beside index.md.",
    ),
    Rule(
        "no-front-matter",
        "file",
        "The file does not start with a '---' line.",
        "Start with '---', then the fields, then another '---', then the story.",
    ),
    Rule(
        "unclosed-front-matter",
        "file",
        "The fields are never closed by a '---' line.",
        "Add a line '---' after the last field.",
    ),
    Rule(
        "front-matter-empty",
        "file",
        "There is nothing between the two '---' lines.",
        "Fill in the fields; `publication new` writes a template.",
    ),
    Rule(
        "front-matter-not-fields",
        "file",
        "The front matter is not a set of 'name: value' lines.",
        "Write one field per line, 'name: value'.",
    ),
    Rule(
        "yaml-syntax",
        "file",
        "The fields are not valid YAML: usually a colon inside a value, "
        "a quote never closed, or indentation that does not line up.",
        "Put values holding ': ' in quotes; line up fields that belong together.",
    ),
    Rule("yaml-anchor", "file", "A YAML anchor ('&name') is used.", "Remove it; write values out."),
    Rule(
        "yaml-alias",
        "file",
        "A YAML alias ('*name') repeats a value.",
        "Write the value out in full.",
    ),
    Rule(
        "yaml-tag",
        "file",
        "A YAML tag ('!!str', '!') is used.",
        "Remove it; put text in quotes if it must stay text.",
    ),
    Rule(
        "yaml-complex-key",
        "file",
        "A field name is a list or a group.",
        "Field names are plain words followed by ':'.",
    ),
    Rule(
        "yaml-too-deep", "file", "The fields are nested too deeply to read.", "Simplify the fields."
    ),
    Rule(
        "duplicate-key",
        "file",
        "The same field is given twice in one place.",
        "Keep one of them; YAML would otherwise silently keep the last.",
    ),
    Rule(
        "invisible-character",
        "file",
        "A character that cannot be seen (a zero-width space or joiner, a byte-order mark "
        "inside the text) or that changes the direction of the text around it (a "
        "right-to-left mark or override), in the fields or the story: usually pasted in with "
        "the text. The words then differ from the same words typed plainly. Joiners inside an "
        "emoji are part of it and fine.",
        "Delete it: the message gives its line and column; retyping the word there removes it too.",
        severity="warning",
    ),
    Rule(
        "unsupported-character",
        "file",
        "A character that none of the publication's own fonts can draw, anywhere in the file. "
        "The fonts draw Latin (every European language written in it, Welsh, Irish and "
        "Scottish Gaelic included), Greek, Cyrillic, Arabic (Arabic and Urdu), Bengali, "
        "Gurmukhi (Panjabi) and Gujarati, with typographic punctuation, currency, arrows, "
        "mathematical signs and emoji. Chinese, Japanese, Korean, Devanagari, Hebrew and "
        "other scripts are not drawn: their fonts are many times the size of all the others.",
        "Write the text in a script the fonts draw (an English translation, or the words in "
        "Latin letters); a rare symbol in words. The message names the character, its code "
        "point and its script.",
    ),
    # Fields
    Rule(
        "missing-field",
        "fields",
        "A required field is missing or empty.",
        "Add it; the message gives an example.",
    ),
    Rule(
        "unknown-field",
        "fields",
        "A field the format does not have (often a typing slip).",
        "Correct the name (the message suggests the nearest) or remove it.",
    ),
    Rule(
        "wrong-type",
        "fields",
        "A value of the wrong kind: text where a number is needed, "
        "'yes' where true is needed, one value where a list is needed.",
        "Write the kind the message names; numbers without quotes or commas; true or false.",
    ),
    Rule("too-short", "fields", "A text is shorter than its field allows.", "Write a little more."),
    Rule("too-long", "fields", "A text is longer than its field allows.", "Shorten it."),
    Rule(
        "out-of-range",
        "fields",
        "A number is outside its allowed range.",
        "Check the number (a list size is 100 to 250,000 patients).",
    ),
    Rule(
        "unknown-choice",
        "fields",
        "A value that is not one of the allowed choices (nation, setting, status).",
        "Use one of the choices the message lists.",
    ),
    Rule(
        "invalid-date",
        "fields",
        "A date that is not a real date written YYYY-MM-DD.",
        "Write it like 2014-04-12.",
    ),
    Rule(
        "invalid-url",
        "fields",
        "The website is not an https:// address.",
        "Write the full address, starting https://.",
    ),
    Rule(
        "invalid-email",
        "fields",
        "The contact email is not an email address.",
        "Write it like practice@example.org.",
    ),
    Rule(
        "invalid-format",
        "fields",
        "A value is not written in the expected form (a phone number, for one).",
        "Write it like the example in the message.",
    ),
    Rule(
        "multi-line",
        "fields",
        "A one-line field (a title, a name) runs over several lines.",
        "Join its lines.",
    ),
    Rule("not-lowercase", "fields", "A tag has capital letters.", "Write tags in lowercase."),
    Rule("repeated-item", "fields", "The same theme or tag is listed twice.", "Remove one."),
    Rule(
        "too-few", "fields", "A list has too few items (themes needs at least one).", "Add an item."
    ),
    Rule(
        "too-many",
        "fields",
        "A list has too many items (themes: at most 4).",
        "Keep the ones that matter most.",
    ),
    Rule(
        "unknown-theme",
        "fields",
        "A theme id that is not in content/themes.yml.",
        "Use an id from the list of themes (the message suggests the nearest).",
    ),
    Rule(
        "consent-required",
        "fields",
        "status: published without consent: true.",
        "Get the practice's agreement and set consent: true, or keep status: review.",
    ),
    Rule(
        "updated-before-submitted",
        "fields",
        "The 'updated' date is before 'submitted'.",
        "Check both dates.",
    ),
    Rule(
        "summary-markdown",
        "fields",
        "The summary holds Markdown (a heading, a list, a quote).",
        "Write one or two plain sentences: the summary is shown exactly as written.",
    ),
    Rule(
        "template-text",
        "fields",
        "Text left from the template that `publication new` writes: an example value "
        "(town: Town, the title made from the practice's name), a prompt sentence in a field or "
        "in the story, or one of its headings (## What changed) with nothing under it. A "
        "warning in a draft or review copy; an error once the case study is published.",
        "Write the practice's own words in its place, or delete the line or heading.",
    ),
    # The story
    Rule(
        "empty-body",
        "story",
        "Nothing is written below the fields.",
        "Write the story below the closing '---'.",
    ),
    Rule(
        "too-few-words",
        "story",
        "A published story has fewer than 50 words.",
        "Tell what you did, what changed and what you learned.",
    ),
    Rule(
        "heading-level-1",
        "story",
        "A level-1 heading ('# Heading' or one underlined with '=').",
        "Start headings at level 2: '## Heading'. The title is the page's only level-1 heading.",
    ),
    Rule(
        "raw-html",
        "story",
        "HTML tags or comments in the story.",
        "Write it in Markdown: **bold**, *italics*, [links](https://example.org), "
        "![pictures](file.png), and an empty line between paragraphs.",
    ),
    Rule(
        "bad-link",
        "story",
        "A link that is not https://, http:// or another case study's file "
        "name: javascript:, data:, file: and mailto: links are never allowed.",
        "Link to a web page with its full address, or to a case study as other-practice.md.",
    ),
    Rule(
        "markdown-too-complex",
        "story",
        "Text nested or repeated so deeply that it cannot be "
        "read safely (lists more than 10 levels deep, long runs of '*', hundreds of '[').",
        "Simplify the lists and quotes; remove stray characters.",
    ),
    Rule(
        "markdown-garbled",
        "story",
        "Emphasis marks tangled next to a link ('*a**b*[link](x.md)'), which the "
        "converter garbles: the link is lost and a code such as 'klzzwxh:0000' is printed.",
        "Put * and _ around whole words only: *this* or **this**.",
    ),
    Rule(
        "image-alt-missing",
        "story",
        "A picture without alt text.",
        "Describe what it shows: ![the new call screen at reception](screen.png).",
    ),
    Rule(
        "image-format",
        "story",
        "A picture that is not PNG, JPEG, SVG or WebP.",
        "Save it in one of those formats.",
    ),
    Rule(
        "image-missing",
        "story",
        "The picture's file is not in the case study's folder.",
        "Add the file beside index.md, or correct the name (names are case-sensitive).",
    ),
    Rule(
        "image-too-large",
        "story",
        "A picture over 5 MB.",
        "Make it smaller; about 2000 pixels wide is plenty.",
    ),
    Rule(
        "image-needs-folder",
        "story",
        "A case study written as one file uses a picture.",
        "Move it to casestudies/<name>/index.md and put the picture beside it.",
    ),
    Rule(
        "image-outside-folder",
        "story",
        "A picture's path leaves the case study's folder ('../', '/').",
        "Put the picture in the case study's own folder; write its name alone.",
    ),
    Rule(
        "image-not-local",
        "story",
        "A picture from a web address.",
        "Download it (with permission) into the case study's folder.",
    ),
    # Privacy
    Rule(
        "nhs-number",
        "privacy",
        "A valid NHS number anywhere in the file, comments included.",
        "Delete it: patient-identifiable data never belongs in a case study.",
    ),
    Rule(
        "email-outside-contact",
        "privacy",
        "An email address outside 'contact:', comments included.",
        "Move it to contact: email, where 'publish' decides if it is shown.",
    ),
    Rule(
        "phone-outside-contact",
        "privacy",
        "A UK phone number outside 'contact:', comments included.",
        "Move it to contact: phone, where 'publish' decides if it is shown.",
    ),
    # Across files
    Rule(
        "invalid-slug",
        "files",
        "A file or folder name that is not lowercase letters, digits "
        "and single hyphens, or longer than 80 characters.",
        "Rename it as the message suggests; the name becomes the page's address.",
    ),
    Rule(
        "duplicate-slug",
        "files",
        "Two case studies with the same name (one as a file, one as a folder).",
        "Rename one of them.",
    ),
    Rule(
        "stray-file",
        "files",
        "A file under casestudies/ that is not a case study, or not a "
        "picture in a case study's folder.",
        "Remove it, or move a picture into its folder.",
    ),
    Rule(
        "symlink",
        "files",
        "A symbolic link under casestudies/.",
        "Replace it with the real file: nothing outside the project is published.",
    ),
    Rule(
        "missing-index",
        "files",
        "A case study's folder without index.md.",
        "Add index.md, or remove the folder.",
    ),
    Rule(
        "broken-link",
        "files",
        "A link to a case study that does not exist.",
        "Correct the file name (the message suggests the nearest).",
    ),
    Rule(
        "link-to-unpublished",
        "files",
        "A published case study links to a draft or a review copy, which the site does not show.",
        "Remove the link until the other case study is published.",
    ),
    Rule(
        "unused-image",
        "files",
        "A picture in a case study's folder that nothing shows.",
        "Show it in the story or as cover_image, or delete it.",
        severity="warning",
    ),
    Rule("no-case-studies", "files", "The casestudies/ folder is missing.", "Create it."),
    Rule(
        "unreadable",
        "files",
        "A file could not be read from the disk.",
        "Check the file's permissions.",
    ),
    Rule(
        "internal-error",
        "files",
        "The generator itself failed on this file.",
        "Not your mistake: report it to the team with the message.",
    ),
    # Figures and their data files
    Rule(
        "figure-file-name",
        "figures",
        "A file in content/data/ that is not a data file named like "
        "gp-networks-survey.yml (lowercase letters, digits and hyphens, ending .yml).",
        "Rename it as the message suggests; the name is what {{ figure: name }} uses.",
    ),
    Rule(
        "figure-shape",
        "figures",
        "A data file that is empty or not a set of 'name: value' fields.",
        "Write title:, source:, date:, unit: and bars:, as in content/data/gp-networks-survey.yml.",
    ),
    Rule(
        "figure-values",
        "figures",
        "A bar's numbers do not match the figure: values: without series:, value: with "
        "series:, or not one number per series.",
        "Write value: 35 for a single number; with series: [Before, After], write "
        "values: [410, 190] on every bar.",
    ),
    Rule(
        "duplicate-label",
        "figures",
        "Two bars of one figure have the same label.",
        "Give each bar a label of its own, or merge the two.",
    ),
    Rule(
        "unknown-figure",
        "figures",
        "{{ figure: name }} names no file in content/data/ (often a typing slip).",
        "Correct the name (the message suggests the nearest), or add content/data/<name>.yml.",
    ),
    Rule(
        "figure-not-alone",
        "figures",
        "'{{ figure' written inside a sentence or a paragraph, or misspelt, so it is "
        "shown as text instead of a figure.",
        "Write {{ figure: name }} as a paragraph of its own, with an empty line before and after.",
    ),
    # The themes file
    Rule("themes-missing", "themes", "content/themes.yml is missing.", "Restore it."),
    Rule(
        "themes-shape",
        "themes",
        "content/themes.yml is not a list of themes.",
        "Each theme is '- id: ...' with title: and description: below it.",
    ),
    Rule("duplicate-theme", "themes", "The same theme id is listed twice.", "Remove one."),
    Rule(
        "invalid-theme-id",
        "themes",
        "A theme id that is not lowercase letters, digits and hyphens.",
        "Rename it, and the case studies that use it.",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}
"""Rule id -> rule, in the order the guide lists them."""

GROUPS: dict[str, str] = {
    "file": "The file",
    "fields": "The fields",
    "story": "The story",
    "privacy": "Privacy",
    "files": "Across files",
    "figures": "Figures and their data files",
    "themes": "The themes file",
}
