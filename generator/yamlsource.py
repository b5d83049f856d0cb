"""YAML that remembers where each value stood, so every problem can name its line."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .i18n import N_, _

Path = tuple[str | int, ...]

# What libyaml says about the mistakes editors make most (a ': ' or a tab in a value, an unclosed quote or
# list), so they can be read in the editor's language; other texts are shown as libyaml wrote them.
_LIBYAML_PHRASES = frozenset({
    N_("while scanning a quoted scalar"),
    N_("while scanning a simple key"),
    N_("while scanning a block scalar"),
    N_("while scanning for the next token"),
    N_("while parsing a block collection"),
    N_("while parsing a block mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow node"),
    N_("mapping values are not allowed in this context"),
    N_("found unexpected end of stream"),
    N_("found character that cannot start any token"),
    N_("found undefined alias"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("did not find expected node content"),
    N_("could not find expected ':'"),
})


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# libyaml's parser when PyYAML was built with it (the wheels are): about ten times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line(self, *path: str | int) -> int:
        """The line of the value at ``path``, or of its nearest known parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def load_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse one YAML document; ``first_line`` is the file line the text starts on."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        raise YamlSyntaxError(line, _syntax_error(error.context, error.problem)) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(first_line, _("YAML syntax error: {details}").format(details=error)) from None
    except RecursionError:
        raise YamlSyntaxError(first_line, _("YAML is nested too deeply")) from None
    finally:
        loader.dispose()
    document = YamlDocument(data, {(): first_line})
    if node is not None:
        _record(node, (), first_line, document)
    return document


def _syntax_error(context: str | None, problem: str | None) -> str:
    """libyaml's context and problem as one message, each translated where ``_LIBYAML_PHRASES`` knows it."""
    parts = [part for part in (context, problem) if part]
    if any("maximum nesting depth" in part for part in parts):  # libyaml's limit, which keeps deep documents cheap
        return _("YAML syntax error: values are nested more than 1000 levels deep")
    details = " ".join(_(part) if part in _LIBYAML_PHRASES else part for part in parts)
    return _("YAML syntax error: {details}").format(details=details)


def _refuse_aliases(root: yaml.Node, first_line: int) -> None:
    """Front-matter never needs ``*alias``; refusing it (a node reached twice) stops alias bombs."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = first_line + node.start_mark.line
            raise YamlSyntaxError(line, _("YAML syntax error: the value here is reused through an alias (*name); "
                                          "aliases are not allowed, write the value out"))
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _record(node: yaml.Node, path: Path, first_line: int, document: YamlDocument, depth: int = 0) -> None:
    """Note the line of every mapping key and sequence item, three levels deep."""
    if depth >= 3:
        return
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = first_line + key_node.start_mark.line
            if key in seen:
                document.duplicates.append(("".join(f".{part}" for part in (*path, key)).lstrip("."), line))
            seen.add(key)
            document.lines[(*path, key)] = line
            _record(value_node, (*path, key), first_line, document, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            document.lines[(*path, index)] = first_line + item.start_mark.line
            _record(item, (*path, index), first_line, document, depth + 1)
