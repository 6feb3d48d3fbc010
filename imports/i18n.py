"""Sentences for people, translated where they are read.

imports/ and rules/ never import Django, yet what they write reaches vendors in their own
language. So a sentence is made as a `Message`: a msgid (a literal wrapped in `gettext_noop`,
the name Django's makemessages collects into the catalogue) and the values it names. The
English text is what a report stores in `message`, `hint` and `remedy`, as before; beside it
the report keeps the msgid and the values (`i18n`), and the Django layer translates the msgid
and fills in the values in the reader's language when it shows them (procurement.i18n).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

PLAIN = (str, int, float, bool, type(None))
_PLAIN_TYPES = frozenset(PLAIN)


def gettext_noop(message: str) -> str:
    """Mark a literal for the message catalogue; translated later, where it is shown."""
    return message


def _plain(value: Any) -> Any:
    """A value a message names, as JSON keeps it (numpy scalars become Python numbers)."""
    if isinstance(value, (Message, *PLAIN)):
        return value
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"a message value must be text or a number, not {type(value).__name__}")


class Message:
    """A sentence to translate: `msgid` uses str.format fields ("Row {row}: ..."), and the
    keyword arguments give their values, which may themselves be messages (a phrase inside
    a sentence). `Message` is a keyword for makemessages (procurement's makemessages command
    adds it), so every literal written as Message("...") is in the catalogue."""

    __slots__ = ("msgid", "nested", "params")

    def __init__(self, msgid: str, /, **params: Any) -> None:
        # A report can hold hundreds of thousands of sentences: plain values pass untouched.
        self.nested = False
        for key, value in params.items():
            if type(value) not in _PLAIN_TYPES:
                params[key] = _plain(value)
                self.nested = self.nested or isinstance(params[key], Message)
        self.msgid, self.params = msgid, params

    @classmethod
    def marked(cls, text: str) -> Message:
        """A phrase whose literal is marked where it is written (gettext_noop, or a report
        field's label), to translate where it is shown."""
        return cls(text)

    def with_values(self, **params: Any) -> Message:
        """The same sentence with more values filled in."""
        return Message(self.msgid, **self.params, **params)

    def render(self, translate: Callable[[str], str] = gettext_noop) -> str:
        values = self.params if not self.nested else {
            key: value.render(translate) if isinstance(value, Message) else value
            for key, value in self.params.items()}
        try:
            return translate(self.msgid).format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation naming a value this sentence lacks: English, never an error.
            return self.msgid.format(**values)

    def to_dict(self) -> dict[str, Any]:
        # The params dict is shared, not copied: nothing changes a message once made.
        return {"id": self.msgid, "params": self.params if not self.nested else {
            key: value.to_dict() if isinstance(value, Message) else value
            for key, value in self.params.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        return cls(data["id"], **{key: cls.from_dict(value) if _is_message(value) else value
                                  for key, value in data.get("params", {}).items()})

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and self.msgid == other.msgid
                and self.params == other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, **{self.params!r})"

    def __str__(self) -> str:
        return self.render()


def _is_message(value: Any) -> bool:
    return isinstance(value, Mapping) and set(value) == {"id", "params"}


def english(owner: Any, names: tuple[str, ...]) -> None:
    """For a frozen dataclass made with `Message` texts: keep each one's English rendering in
    its field and the msgid with values in the owner's `i18n` dict."""
    texts = {}
    for name in names:
        value = getattr(owner, name)
        if isinstance(value, Message):
            texts[name] = value.to_dict()
            object.__setattr__(owner, name, value.render())
    object.__setattr__(owner, "i18n", {**owner.i18n, **texts})
