"""The user guides (docs/*.md, one per role) served inside the app as HTML.

The Markdown files stay the one source: the same text is read on the code host and in the app.
markdown-it-py renders them with raw HTML switched off (a guide cannot inject markup); images
(`img/x.png`) are served from docs/img by `guide_image`, and links between guides
(`quan-tri.md#...`) point to the in-app pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from parsipas.accounts.models import Role

DOCS = Path(settings.BASE_DIR) / "docs"
IMAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*\.(png|jpg|svg)$")


@dataclass(frozen=True)
class Guide:
    slug: str  # the file's stem and the page's address: /huong-dan/<slug>/
    title: str
    role: str


GUIDES: tuple[Guide, ...] = (
    Guide("don-vi", "Hướng dẫn cho đơn vị thực hiện", Role.UNIT),
    Guide("co-quan-chu-tri", "Hướng dẫn cho cơ quan chủ trì", Role.LEAD),
    Guide("lanh-dao", "Hướng dẫn cho lãnh đạo tỉnh", Role.VIEWER),
    Guide("quan-tri", "Hướng dẫn cho quản trị (Sở Nội vụ)", Role.ADMIN),
)
BY_SLUG = {g.slug: g for g in GUIDES}
BY_ROLE = {g.role: g for g in GUIDES}


def for_role(role: str) -> Guide:
    return BY_ROLE.get(role, BY_ROLE[Role.UNIT])


def image_path(name: str) -> Path | None:
    """A guide's image by its bare file name; anything else (../, sub-folders) is refused."""
    if not IMAGE_NAME.match(name):
        return None
    path = DOCS / "img" / name
    return path if path.is_file() else None


def _rewrite_links(html: str) -> str:
    def image(match: re.Match[str]) -> str:
        return f'src="{reverse("guide_image", args=[match[1]])}"'

    def guide(match: re.Match[str]) -> str:
        slug, anchor = match[1], match[2] or ""
        if slug not in BY_SLUG:
            return match[0]
        return f'href="{reverse("guide", args=[slug])}{anchor}"'

    html = re.sub(r'src="(?:\./)?img/([^"/]+)"', image, html)
    return re.sub(r'href="(?:\./)?([a-z0-9-]+)\.md(#[^"]*)?"', guide, html)


@lru_cache(maxsize=16)
def _render(path: Path, mtime: float) -> str:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return _rewrite_links(md.render(path.read_text(encoding="utf-8")))


def render(slug: str) -> str | None:
    """The guide's body as HTML, or None for an unknown guide (or a missing file)."""
    if slug not in BY_SLUG:
        return None
    path = DOCS / f"{slug}.md"
    if not path.is_file():
        return None
    return _render(path, path.stat().st_mtime)


def reform_office() -> dict[str, str]:
    """Who to call: the reform office's name, phone and e-mail (settings.REFORM_OFFICE)."""
    office = getattr(settings, "REFORM_OFFICE", {}) or {}
    return {key: str(office.get(key, "")) for key in ("name", "phone", "email")}
