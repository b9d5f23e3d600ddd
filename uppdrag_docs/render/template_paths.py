"""The fields a Word template names, read from its Jinja syntax tree.

`uppdrag mallfält` compares them with the model, so that a field a template names but the model
does not have is found when the template is edited, not when the branch it stands in is first
taken, which may be years later.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from uppdrag_docs.render.docx import parsed_parts

if TYPE_CHECKING:
    from jinja2 import nodes


def template_paths(template: Path) -> set[str]:
    """Every field the template names, as a path: `{% for u in nulage.utforare %}{{ u.namn }}`
    names `nulage.utforare`, `nulage.utforare[]` and `nulage.utforare[].namn`."""
    found: set[str] = set()
    for part in parsed_parts(template):
        _visit(part, {}, found)
    return found


def _visit(node: nodes.Node, scope: dict[str, str | None], found: set[str]) -> None:
    """Collect the paths under `node`; `scope` maps a loop's names to their list's items
    (None: a name the template made itself, such as `loop` or a `{% set %}`)."""
    from jinja2 import nodes

    if isinstance(node, nodes.For):
        _visit(node.iter, scope, found)
        items = _path(node.iter, scope)
        inner = {**scope, "loop": None}
        targets = [node.target, *node.target.find_all(nodes.Name)]  # `u`, or `k, v`
        for target in targets:
            if isinstance(target, nodes.Name):
                inner[target.name] = None if items is None else items + "[]"
        for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
            _visit(child, inner, found)
        return
    if isinstance(node, nodes.Name) and node.ctx != "load":
        scope[node.name] = None
        return
    if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
        if (path := _path(node, scope)) is not None:
            found.add(path)
    elif isinstance(node, nodes.Compare) and isinstance(node.expr, nodes.Const):
        for operand in node.ops:  # `{%p if 'motivering' in md %}`
            if operand.op in ("in", "notin") and (inside := _path(operand.expr, scope)):
                found.add(f"{inside}.{node.expr.value}")
    for child in node.iter_child_nodes():
        _visit(child, scope, found)


def _path(node: nodes.Node, scope: dict[str, str | None]) -> str | None:
    from jinja2 import nodes

    if isinstance(node, nodes.Name):
        return scope.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, scope)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        base = _path(node.node, scope)
        key = node.arg.value if isinstance(node.arg, nodes.Const) else None
        if base is None or key is None:
            return base  # `md[t.md]`: the key is a field of its own, visited as one
        return f"{base}[]" if isinstance(key, int) else f"{base}.{key}"
    return None
