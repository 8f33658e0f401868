"""Images a module's Markdown refers to: checked against its folder, rewritten to URLs."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# SVG is left out on purpose: an SVG opened directly from the asset URL runs its
# scripts with the site's origin. PNG/JPEG/GIF/WebP/AVIF cannot.
IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})
EXTERNAL_SCHEMES = frozenset({"http", "https"})
DEFAULT_ASSET_URL = "/learn/assets/{module}/{path}"


class AssetResolver:
    """Resolves the image references of one module (``folder``) and builds their URLs.

    ``check`` is used while loading (touches the file system, reports problems);
    ``url`` while rendering (pure string work: the files were checked at load).
    With ``folder=None`` (assessments) only external images are allowed.
    """

    def __init__(
        self, module_id: str | None, folder: Path | None, url_template: str = DEFAULT_ASSET_URL
    ) -> None:
        self.module_id = module_id
        self.folder = folder
        self.url_template = url_template

    def _normalise(self, src: str) -> tuple[str, str]:
        """``("external", src)``, ``("local", relpath)`` or ``("error", message)``."""
        src = src.strip()
        if not src:
            return "error", "an image has no path"
        parts = urlsplit(src)
        if parts.scheme:
            if parts.scheme.lower() in EXTERNAL_SCHEMES:
                return "external", src
            return "error", (
                f"image '{src}': '{parts.scheme}:' URLs are not allowed; use a file "
                "in the module folder or an https:// address"
            )
        if parts.netloc:
            return "external", src
        if self.folder is None:
            return "error", (
                f"image '{src}': local images are only supported in modules; "
                "use an https:// address"
            )
        path = unquote(parts.path)
        if path.startswith("/"):
            return "error", (
                f"image '{src}' must be a path relative to the module folder (no leading '/')"
            )
        rel = posixpath.normpath(path)
        if rel == ".." or rel.startswith("../"):
            return "error", f"image '{src}' points outside the module folder"
        if posixpath.splitext(rel)[1].lower() not in IMAGE_EXTENSIONS:
            allowed = ", ".join(sorted(IMAGE_EXTENSIONS))
            return "error", f"image '{src}' is not a supported image type ({allowed})"
        return "local", rel

    def check(self, src: str) -> tuple[str | None, str | None]:
        """Validate a reference: ``(relpath or None, error message or None)``."""
        kind, value = self._normalise(src)
        if kind != "local" or self.folder is None:  # local refs only exist with a folder
            return None, (value if kind == "error" else None)
        folder = self.folder.resolve()
        target = (folder / value).resolve()
        # resolve() follows symlinks: a link pointing elsewhere escapes like '../' does.
        if not target.is_relative_to(folder):
            return None, f"image '{src}' points outside the module folder"
        if not target.is_file():
            return None, f"image '{src}' not found: there is no file {value} in the module folder"
        return value, None

    def url(self, src: str) -> str | None:
        """The public URL for ``src``, or None to drop it."""
        kind, value = self._normalise(src)
        if kind == "external":
            return value
        if kind == "local":
            return self.url_template.format(
                module=quote(self.module_id or "", safe=""), path=quote(value, safe="/")
            )
        return None
