"""YAML that remembers where each value stood, so every problem can name its line."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple[str | int, ...]


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
        what = " ".join(part for part in (error.context, error.problem) if part)
        if "maximum nesting depth" in what:  # libyaml's limit, which keeps deep documents cheap
            what = "values are nested more than 1000 levels deep"
        raise YamlSyntaxError(line, f"YAML syntax error: {what}") from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(first_line, f"YAML syntax error: {error}") from None
    except RecursionError:
        raise YamlSyntaxError(first_line, "YAML is nested too deeply") from None
    finally:
        loader.dispose()
    document = YamlDocument(data, {(): first_line})
    if node is not None:
        _record(node, (), first_line, document)
    return document


def _refuse_aliases(root: yaml.Node, first_line: int) -> None:
    """Front-matter never needs ``*alias``; refusing it (a node reached twice) stops alias bombs."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = first_line + node.start_mark.line
            raise YamlSyntaxError(line, "YAML syntax error: the value here is reused through an alias (*name); "
                                        "aliases are not allowed, write the value out")
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
