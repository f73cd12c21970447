"""The README stays a front page and every documentation page stays reachable and linked correctly.

A newcomer lands on README.md: it must stay short, link every page in docs/, and no link in it or
in the pages may lead nowhere (a moved file or a renamed heading breaks a link silently). The pages
are written for a reader who was not there, so they name services and behaviours, not the history
of their making.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = sorted((ROOT / "docs").glob("*.md"))
DOCUMENTS = [README, *PAGES]

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
HISTORY = re.compile(r"\bseeds? \d{3}\b|\bissue \d+\b|\bthis session\b|\bthis pass\b", re.IGNORECASE)


def prose(path: Path) -> str:
    """The document without its code blocks (a URL in a shell example is not a link)."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in prose(path).splitlines() if line.startswith("#")}


def links(path: Path) -> list[str]:
    return LINK.findall(prose(path))


def test_readme_is_a_front_page():
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


def test_readme_links_every_page():
    linked = {(README.parent / target.split("#")[0]).resolve() for target in links(README)}
    missing = [page.name for page in PAGES if page.resolve() not in linked]
    assert not missing, f"docs pages not linked from README.md: {missing}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_relative_links_resolve(document: Path):
    broken = []
    for target in links(document):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        path_part, _, anchor = target.partition("#")
        destination = (document.parent / path_part).resolve() if path_part else document
        checks_anchor = bool(anchor) and destination.suffix == ".md"
        if not destination.exists() or (checks_anchor and anchor not in anchors(destination)):
            broken.append(target)
    assert not broken, f"{document.name}: links that lead nowhere: {broken}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_pages_speak_to_a_newcomer(document: Path):
    found = HISTORY.findall(document.read_text(encoding="utf-8"))
    assert not found, f"{document.name} speaks in internal history: {found}"
