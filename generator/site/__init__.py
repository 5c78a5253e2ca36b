"""The website as data: every page the publication adds to a site, engine-neutral.

The engines (generator/engines/) hand these pages to MkDocs or Zensical; the
templates here are our own Jinja fragments, autoescaped.
"""
