"""Sphinx extension: a default colour mode for first visits; no inline script twice.

(A page such as `notebooks/audit/karayel2024` keeps its own launch link: `claimbook prepare`,
run by Binder's postBuild and `make lab`, writes that notebook with the page's parameters.)
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

# On a first visit (nothing in localStorage) the theme reads an empty colour mode and logs a
# console error; give it a default mode before the theme's scripts run (priority 1: first).
DEFAULT_MODE_JS = (
    "if (!document.documentElement.dataset.mode) {"
    " document.documentElement.dataset.mode = 'light'; }"
)


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


def setup(app: Sphinx) -> dict[str, Any]:
    # Set by claimbook.book in the staged _config.yml: a change re-reads every page.
    app.add_config_value("claimbook_code_digest", "", "env")
    app.connect("html-page-context", dedupe_scripts, priority=900)
    app.add_js_file(None, body=DEFAULT_MODE_JS, priority=1)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
