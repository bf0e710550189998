"""Sphinx extension: launch and source links of generated pages point at their template;
a default colour mode for first visits; no inline script twice.

A page such as `notebooks/audit/karayel2024` is executed from `notebooks/audit.ipynb`; the
theme would link Binder and the repository to a file that does not exist in the repository.
`claimbook.book` writes the page-to-template map; this rewrites the header buttons' URLs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

SOURCE_MAP = "_claimbook_sources.json"

# On a first visit (nothing in localStorage) the theme reads an empty colour mode and logs a
# console error; give it a default mode before the theme's scripts run (priority 1: first).
DEFAULT_MODE_JS = (
    "if (!document.documentElement.dataset.mode) {"
    " document.documentElement.dataset.mode = 'light'; }"
)


def _rewrite(buttons: list[dict[str, Any]], old: str, new: str) -> None:
    for b in buttons:
        # Links into the built book's own _sources/ (download the executed page) stay as they are.
        if "url" in b and "_sources/" not in b["url"]:
            b["url"] = b["url"].replace(old, new)
        _rewrite(b.get("buttons", []), old, new)


def dedupe_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any
) -> None:
    """Drop repeated inline scripts: sphinx-thebe adds its `const THEBE_JS_URL` snippet once per
    read, and a second `const` of one name is a script error in the browser."""
    seen = set()
    kept = []
    for js in context.get("script_files", []):
        # An inline script's filename is '' or None depending on who added it: the same script.
        key = (
            str(getattr(js, "filename", js) or ""),
            repr(sorted(getattr(js, "attributes", {}).items())),
        )
        if key not in seen:
            seen.add(key)
            kept.append(js)
    if "script_files" in context:
        context["script_files"] = kept


def retarget(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Point a generated page's header buttons at the template it was executed from."""
    src = Path(app.srcdir) / SOURCE_MAP
    if not src.exists():
        return
    template = json.loads(src.read_text(encoding="utf-8")).get(pagename)
    if template and template != f"{pagename}.ipynb":
        _rewrite(context.get("header_buttons", []), f"{pagename}.ipynb", template)


def setup(app: Sphinx) -> dict[str, Any]:
    # Set by claimbook.book in the staged _config.yml: a change re-reads every page.
    app.add_config_value("claimbook_code_digest", "", "env")
    app.connect("html-page-context", retarget, priority=900)
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.add_js_file(None, body=DEFAULT_MODE_JS, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
