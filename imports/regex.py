"""Regular expressions that Arrow's engine (RE2) runs as Python's `re` would.

pandas runs a string method on Arrow-backed text in RE2, in C++, unless the pattern uses a
shortcut whose meaning differs between the two engines (`\\s` always; `\\d`, `\\w` on text
that is not ASCII): then it falls back to Python, one cell at a time, tens of times slower
on a large upload. `portable` spells those shortcuts out as the ASCII classes they mean
here, so every column operation stays in RE2.
"""

from __future__ import annotations

_SPACE = " \\t\\n\\r\\f\\v"
_INSIDE = {"s": _SPACE, "d": "0-9", "w": "A-Za-z0-9_"}
_OUTSIDE = {"s": f"[{_SPACE}]", "S": f"[^{_SPACE}]", "d": "[0-9]", "D": "[^0-9]",
            "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]"}


def portable(pattern: str) -> str:
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escaped = pattern[i + 1]
            if in_class and escaped in _INSIDE:
                out.append(_INSIDE[escaped])
            elif not in_class and escaped in _OUTSIDE:
                out.append(_OUTSIDE[escaped])
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # a "]" right after "[" or "[^" is a literal
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":
                out.append("]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)
