"""The Jinja2 environment of the HTML outputs (the per-document report and the batch dashboard).

Templates are compiled once per process and never checked for changes on disk (``auto_reload=False``:
the templates ship with the package). The report records handed to the templates are plain dicts, which
Jinja2 reads for ``x.name`` by trying ``getattr(x, "name")`` first and ``x["name"]`` only after the
AttributeError: :class:`RecordEnvironment` looks a plain dict's key up first, except for the names of
dict's own attributes (``items``, ``get`` …), so every lookup gives exactly what Jinja2 would give.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

_DICT_ATTRIBUTES = frozenset(dir(dict))


class RecordEnvironment(Environment):
    """An :class:`~jinja2.Environment` whose attribute lookup on plain dicts starts with the key."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def package_environment() -> RecordEnvironment:
    """The environment of ``checker/templates``: autoescaped HTML, blocks trimmed, compiled once."""
    return RecordEnvironment(loader=PackageLoader("checker", "templates"),
                             autoescape=select_autoescape(["html", "j2"], default=True),
                             trim_blocks=True, lstrip_blocks=True, auto_reload=False)
