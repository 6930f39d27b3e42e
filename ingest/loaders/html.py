"""HTML pages: the main content only, without menus, cookie bars and footers."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.layout import line_broken, reflow
from ingest.loaders.text import decode
from ingest.parsed import Block, Parsed

DROP_TAGS = {
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "dialog", "menu", "object", "embed",
}  # fmt: skip
DROP_ROLES = {
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "dialog",
}
BOILERPLATE = re.compile(
    r"cookie|consent|gdpr|banner|breadcrumb|navbar|(?<![a-z])nav(?![a-z])|menu|sidebar|"
    r"share|social|newsletter|advert|skip-link|pagination|related|footer|header",
    re.I,
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
INLINE = {
    "a", "abbr", "b", "bdi", "br", "cite", "code", "data", "em", "i", "img", "kbd", "mark",
    "q", "s", "small", "span", "strong", "sub", "sup", "time", "u", "wbr", "font",
}  # fmt: skip
TEXT_TAGS = {
    "p",
    "li",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "figcaption",
    "caption",
    "address",
}


def _is_boilerplate(el) -> bool:
    if el.tag in DROP_TAGS or (el.get("role") or "").lower() in DROP_ROLES:
        return True
    if el.tag in ("main", "article", "body", "html"):
        return False
    marker = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(marker.strip()) and bool(BOILERPLATE.search(marker))


def _text(el) -> str:
    raw = el if isinstance(el, str) else el.text_content()
    return re.sub(r"\s+", " ", raw).strip()


def _main(root):
    for xpath in ("//main", "//*[@role='main']", "//article", "//body"):
        found = root.xpath(xpath)
        if found:
            return max(found, key=lambda e: len(e.text_content()))
    return root


def _items(main) -> list[tuple[str, object]]:
    """Content elements in document order; iterative, so deep nesting cannot overflow."""
    items: list[tuple[str, object]] = []
    stack: list[object] = [main]
    while stack:
        el = stack.pop()
        if isinstance(el, str):
            items.append(("text", el))
            continue
        if not isinstance(el.tag, str) or _is_boilerplate(el):
            continue
        children = [c for c in el if isinstance(c.tag, str)]
        if el.tag in HEADINGS:
            items.append(("heading", el))
        elif el.tag == "table":
            items.append(("table", el))
        elif el.tag in TEXT_TAGS or (children and all(c.tag in INLINE for c in children)):
            items.append(("list" if el.tag == "li" else "text", el))
        elif not children:
            if el.tag not in INLINE or el is main:
                items.append(("text", el))
        else:
            if (el.text or "").strip():
                items.append(("text", el.text))
            for child in reversed(children):
                if (child.tail or "").strip():
                    stack.append(child.tail)
                stack.append(child)
    return items


def _anchor(heading) -> str:
    """Where a link to the heading's section points: its id, an anchor inside it, or the id of
    the section it opens."""
    inner = heading.xpath(".//*[@id] | .//a[@name]")
    parent = heading.getparent()
    for candidate in (heading.get("id"), *(e.get("id") or e.get("name") for e in inner),
                      parent.get("id") if parent is not None and parent.tag == "section"
                      and parent.index(heading) == 0 else None):  # fmt: skip
        if candidate and candidate.strip():
            return candidate.strip()
    return ""


def _blocks(main) -> list[Block]:
    """Headings, paragraphs, list items and table rows."""
    items = [(kind, el, _text(el)) for kind, el in _items(main)]
    broken = line_broken([t for k, _, t in items if k == "text" and t])
    blocks: list[Block] = []
    lines: list[tuple[str, int | None]] = []

    def flush() -> None:
        if broken:
            blocks.extend(reflow(lines, headings=False))
        else:
            blocks.extend(Block("text", t) for t, _ in lines)
        lines.clear()

    for kind, el, text in items:
        if kind == "heading" and text:
            flush()
            blocks.append(Block("heading", text, level=HEADINGS[el.tag], anchor=_anchor(el)))
        elif kind == "table":
            flush()
            rows = [[_text(c) for c in tr.xpath("./th|./td")] for tr in el.xpath(".//tr")]
            rows = [r for r in rows if any(r)]
            if rows:
                blocks.append(Block("table", "", rows=rows))
        elif kind == "list" and text:
            flush()
            blocks.append(Block("list", text))
        elif text:
            lines.append((text, None))
    flush()
    return blocks


def load_html(path: Path) -> Parsed:
    import lxml.html
    from lxml.etree import ParserError

    text = decode(path.read_bytes())
    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError) as exc:
        raise IngestError(f"neplatné HTML ({exc})") from exc
    blocks = _blocks(_main(root))
    if not blocks:
        raise IngestError("stránka neobsahuje žádný hlavní text")
    title = (root.findtext(".//title") or "").strip()
    title = re.split(r"\s+[|–-]\s+", title)[0] if title else ""
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading"), "")
    date = next(
        (
            m.get("content", "")[:10]
            for m in root.xpath("//meta[@name='date' or @property='article:published_time']")
        ),
        "",
    )
    language = (root.get("lang") or "").split("-")[0].strip().lower()
    return Parsed(blocks=blocks, title=title, date=date,
                  extra={"language": language} if language else {})  # fmt: skip
