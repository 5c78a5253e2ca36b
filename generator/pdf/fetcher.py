"""The only way WeasyPrint may read a file: inside the project, never the network.

A case study is written by someone outside the team. Its body may name an image
such as ``../../../etc/passwd`` or ``https://tracker.example/pixel.png``; the
validator rejects those, but the PDF must not depend on that alone. This
fetcher answers ``file:`` URLs under a few allowed folders and refuses
everything else. A refusal stops the rendering (``fail_on_errors``), so a PDF
is never written with a silently missing picture.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".css": "text/css",
    ".woff2": "font/woff2",
}


class Refused(ValueError):
    """A resource outside the allowed folders, or not a local file at all."""


class ProjectFetcher(URLFetcher):
    """Serve ``file:`` URLs inside ``roots`` (resolved, symlinks followed); refuse the rest."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(Path(root).resolve() for root in roots)

    def path_for(self, url: str) -> Path:
        """The file a URL names, if it is one we may read; raise :class:`Refused` if not."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise Refused(f"only files inside the project may be used, not {url!r}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise Refused(f"{path} is outside the project and may not be used")
        if not path.is_file():
            raise FileNotFoundError(f"{path} does not exist")
        return path

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self.path_for(url)
        if path.suffix.lower() == ".woff2":
            return URLFetcherResponse(
                path.as_uri(), unpacked_font(path), headers={"Content-Type": "font/ttf"}
            )
        content_type = _TYPES.get(path.suffix.lower()) or (
            mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )


_UNPACKED: dict[tuple[str, int, int], bytes] = {}
"""This process's unpacked fonts, by file, change time and size: a render asks for
sixty faces, and reading and hashing each again would cost more than the cache."""


def unpacked_font(path: Path) -> bytes:
    """A WOFF2 font as the plain font file WeasyPrint would make of it, made once.

    WeasyPrint unpacks WOFF2 with fontTools in pure Python on every render:
    a quarter of a second a face, fifteen seconds for the sixty faces every
    document declares, for each handout. The result depends only on the file
    and the fontTools version, so it is kept in memory and in the user's
    cache folder under a name made of both; the bytes are the same as
    WeasyPrint's own, so the PDF is too.
    """
    stat = path.stat()
    seen = (str(path), stat.st_mtime_ns, stat.st_size)
    if seen in _UNPACKED:
        return _UNPACKED[seen]
    from fontTools import version as fonttools_version
    from fontTools.ttLib import woff2

    packed = path.read_bytes()
    key = hashlib.sha256(packed + fonttools_version.encode()).hexdigest()
    cached = _cache_folder() / f"{key}.ttf"
    try:
        font = cached.read_bytes()
    except OSError:
        out = BytesIO()
        woff2.decompress(BytesIO(packed), out)
        font = out.getvalue()
        _keep(cached, font)
    _UNPACKED[seen] = font
    return font


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "listening-to-patients" / "fonts"


def _keep(cached: Path, font: bytes) -> None:
    """Store an unpacked font for later builds; a cache that cannot be written is
    only slower, never an error."""
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".font-", dir=cached.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(font)
        os.replace(tmp, cached)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
