"""Turn an executed notebook into a client-facing HTML document.

The HTML is code-free (no inputs, no prompts, no parameter cells, no warnings
printed to stderr), self-contained (images embedded, no script or style loaded
from the network) and branded from the client's brief, with a table of
contents built from the document's headings.

Examples
--------
>>> import nbformat
>>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## Summary\\nAll good.")])
>>> html = to_html(nb, title="Exploration", client_name="Acme <Foods>")
>>> "Acme &lt;Foods&gt;" in html and 'href="#Summary"' in html
True
"""

from __future__ import annotations

import base64
import datetime as dt
import html as htmlmod
import mimetypes
import re
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor
from traitlets.config import Config

__all__ = ["to_html", "templates_dir", "logo_data_uri", "check_offline"]

#: Cell tags that never reach a client.
HIDDEN_TAGS = ("remove-cell", "parameters", "injected-parameters")


def templates_dir() -> Path:
    """The folder holding the ``smtools`` nbconvert template.

    Examples
    --------
    >>> (templates_dir() / "smtools" / "conf.json").exists()
    True
    """
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "templates", here / "templates"):
        if (candidate / "smtools" / "conf.json").exists():
            return candidate
    raise FileNotFoundError("the smtools nbconvert template is missing (templates/smtools)")


class _DropNoise(Preprocessor):
    """Drop stderr streams and papermill's error banners from client output."""

    def preprocess_cell(self, cell: Any, resources: dict, index: int) -> tuple[Any, dict]:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        return cell, resources


def logo_data_uri(path: str | Path | None) -> str | None:
    """The logo as a ``data:`` URI (so the HTML needs no other file), or None.

    Examples
    --------
    >>> logo_data_uri(None) is None
    True
    """
    if path is None:
        return None
    p = Path(path)
    if not p.is_file():
        return None
    mime = mimetypes.guess_type(p.name)[0] or "application/octet-stream"
    if not mime.startswith("image/"):
        return None
    return f"data:{mime};base64,{base64.b64encode(p.read_bytes()).decode('ascii')}"


_HEADING = re.compile(r'<h([12])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _toc(body: str) -> str:
    items = []
    for level, ident, inner in _HEADING.findall(body):
        text = _TAGS.sub("", _ANCHOR.sub("", inner)).strip()
        if not text:
            continue
        items.append(f'<li class="sm-toc-l{level}"><a href="#{ident}">{text}</a></li>')
    if len(items) < 2:
        return ""
    return '<nav class="sm-toc" aria-label="Contents"><ul>' + "".join(items) + "</ul></nav>"


def to_html(
    nb: nbformat.NotebookNode,
    *,
    title: str,
    client_name: str = "",
    subtitle: str = "",
    colour: str = "#1f4e79",
    logo: str | Path | None = None,
    language: str = "en",
    footer: str = "",
) -> str:
    """Export an executed notebook to branded, code-free, self-contained HTML.

    Parameters
    ----------
    nb : NotebookNode
        The executed notebook.
    title : str
        Document title (e.g. "Media plan").
    client_name : str
        Client display name for the header (escaped).
    subtitle : str
        Second header line (campaign, dates).
    colour : str
        Brand colour, ``#rrggbb``.
    logo : path, optional
        Logo image embedded in the header.
    language : str
        ``en`` or ``fr`` (HTML ``lang`` and the few fixed words).
    footer : str
        Footer text (escaped).

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> "<script src=" in to_html(nb, title="T")
    False
    """
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        colour = "#1f4e79"
    nb = nbformat.from_dict(nbformat.v4.upgrade(nb) if nb.get("nbformat", 4) < 4 else nb)
    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = set(HIDDEN_TAGS)
    c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(
        config=c,
        template_name="smtools",
        extra_template_basedirs=[str(templates_dir())],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    exporter.register_preprocessor(_DropNoise(), enabled=True)
    nb.metadata["title"] = f"{title} · {client_name}" if client_name else title
    words = _WORDS.get(language, _WORDS["en"])
    resources = {
        "language_code": language,
        "smtools": {
            "title": htmlmod.escape(title),
            "client_name": htmlmod.escape(client_name),
            "subtitle": htmlmod.escape(subtitle),
            "colour": colour,
            "logo": logo_data_uri(logo),
            "footer": htmlmod.escape(footer),
            "generated": dt.date.today().isoformat(),
            "contents": words["contents"],
        },
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body.replace("<!--smtools:toc-->", _toc(body), 1)


_WORDS = {"en": {"contents": "Contents"}, "fr": {"contents": "Sommaire"}}

_REMOTE = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
    re.I,
)


def check_offline(html: str) -> list[str]:
    """Tags in ``html`` that would load something from the network (should be none).

    Examples
    --------
    >>> check_offline('<script src="https://cdn.example/x.js"></script><p>ok</p>')
    ['<script src="https://']
    """
    return [m.group(0) for m in _REMOTE.finditer(html)]
