"""Hostile bulletin files: YAML that expands, files too large, front-matter too wide or too deep.

Used by tests/test_yaml_bombs.py (each must end quickly with a clear message) and bench/hostile.py (which
prints how long each takes and how much memory).
"""

from __future__ import annotations

HEAD = "title: Hội nghị\ndate: 2012-11-12 14:49\nunit: dang-uy-khoi\n"
BODY = "\nNội dung.\n"
DEPTH = 1000  # libyaml refuses deeper nesting; DEPTH - 2 levels pass it, and must still be handled


def bulletin(front_matter: str) -> str:
    return f"---\n{front_matter}---\n{BODY}"


def alias_bomb(levels: int = 9) -> str:
    """Billion laughs: each level repeats the one before ten times; 10**9 items once expanded."""
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, levels + 1):
        items = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"lol{level}: &lol{level} [{items}]")
    return bulletin(HEAD + "\n".join(lines) + "\n")


def huge(megabytes: int = 10) -> str:
    """A valid bulletin of ``megabytes`` MB of text."""
    paragraph = "Đảng ủy Khối tổ chức hội nghị kiểm điểm, tự phê bình và phê bình. " * 20 + "\n\n"
    return bulletin(HEAD) + paragraph * (megabytes * 1024 * 1024 // len(paragraph.encode()) + 1)


def wide(keys: int = 10_000) -> str:
    """A front-matter of ``keys`` unknown fields."""
    return bulletin(HEAD + "".join(f"field{number}: {number}\n" for number in range(keys)))


def deep_block(depth: int = DEPTH) -> str:
    """An unknown field whose value is a mapping nested ``depth`` levels deep, in block style."""
    levels = "".join("  " * level + "a:\n" for level in range(1, depth + 1))
    return bulletin(HEAD + "extra:\n" + levels + "  " * (depth + 1) + "b\n")


def deep_flow(depth: int = DEPTH, field: str = "topics") -> str:
    """``field`` holding lists nested ``depth`` levels deep, in flow style: ``[[[...]]]``."""
    return bulletin(HEAD + f"{field}: " + "[" * depth + "]" * depth + "\n")


CASES = {
    "alias bomb": alias_bomb(),
    "10 MB bulletin": huge(),
    "10,000 keys": wide(),
    "deep block mapping": deep_block(),
    "deep flow list": deep_flow(),
    "deep list just inside libyaml's limit": deep_flow(DEPTH - 2),
}
