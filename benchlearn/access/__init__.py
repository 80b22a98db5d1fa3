"""Who may see a value: the audience an output is made for, and the one rule that decides it.

Every value has a visibility (:data:`VISIBILITIES`): ``public``, ``network``
(the members and facilitators of the networks it belongs to) or ``own`` (its
municipality and the facilitators); ``..`` stays confidential for everyone. An
output is made for an :class:`Audience`, a small frozen object a command builds
from ``--audience`` and a web server can build from a logged-in user. The
audience travels in the :class:`~benchlearn.context.Context` every comparison
and document reads its values through (:mod:`.scope` applies it to each reading),
so no writer decides on its own what to leave out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Literal, cast

from benchlearn.accounts.model import Account
from benchlearn.definitions.model import VISIBILITIES
from benchlearn.errors import BenchlearnError

Visibility = Literal["public", "network", "own"]
#: Whom an output is for: anyone; the members of networks; one municipality (a member of
#: networks); the facilitators of networks (their members' values, own ones too); the
#: database's operator (every value).
AudienceKind = Literal["public", "network", "municipality", "facilitator", "all"]


@dataclass(frozen=True)
class Audience:
    """Whom an output is made for: its kind, the networks and the municipality it covers.

    ``networks`` empty on a ``network``, ``municipality`` or ``facilitator`` audience
    means "the network the output is about": :meth:`within` fills it in when a
    Context is opened, so ``--audience network`` needs no second naming of ``-n``.
    """

    kind: AudienceKind = "public"
    networks: frozenset[str] = field(default_factory=frozenset)
    municipality: str | None = None

    def __post_init__(self) -> None:
        if (self.kind == "municipality") != (self.municipality is not None):
            raise ValueError("a municipality audience, and only it, names its municipality")

    @classmethod
    def parse(cls, text: str) -> Audience:
        """``--audience``: ``public``, ``network``, ``all`` or a municipality's code."""
        word = text.strip()
        if not word:
            raise BenchlearnError.of("aud_bad_audience", {"audience": text})
        if word in ("public", "all"):
            return cls(cast("AudienceKind", word))
        if word == "network":
            return cls("network")
        return cls("municipality", municipality=word)

    def within(self, *networks: str) -> Audience:
        """The audience with ``networks`` as its networks when it names none."""
        if self.kind in ("public", "all") or self.networks:
            return self
        return replace(self, networks=frozenset(networks))

    @property
    def everything(self) -> bool:
        """Whether the audience sees every value (the operator's)."""
        return self.kind == "all"

    @property
    def word(self) -> str:
        """The audience as ``--audience`` takes it back, and as a file or page names it."""
        return self.municipality if self.municipality is not None else self.kind

    def label(self, lang: str = "en", names: dict[str, str] | None = None) -> str:
        """For whom an output was made, one line for its cover: "For the members of T2"."""
        from benchlearn.messages import say

        networks = ", ".join(sorted(self.networks))
        code = self.municipality or ""
        name = (names or {}).get(code, code)
        values = {"networks": networks, "municipality": name}
        return say(f"aud_for_{self.kind}", lang, values)


#: Anyone: only public values.
PUBLIC = Audience("public")
#: The database's operator: every value.
EVERYONE = Audience("all")

#: The networks of an account that names none: a code no network has, so that
#: :meth:`Audience.within` does not take the page's network for the account's own.
NO_NETWORK = frozenset({""})


def audience_of(account: Account | None) -> Audience:
    """Whom a signed-in user (or, with None, a visitor) sees values as: the server's one
    answer to "may this user see that value", which :mod:`.scope` then applies.

    A municipality user sees what its municipality would (``--audience CODE``): its own
    values and the ``network`` values of the members of its account's networks; a
    facilitator every value of its networks' members; an analyst the members' edition
    of its networks (``--audience network``). An account that names no network sees no
    network's restricted values: being added to a network is the facilitator's decision
    (``users add -n``), not something a page's address can grant.
    """
    if account is None or not account.active:
        return PUBLIC
    networks = frozenset(account.networks) or NO_NETWORK
    if account.role == "municipality" and account.municipality is not None:
        return Audience("municipality", networks, account.municipality)
    if account.role == "facilitator":
        return Audience("facilitator", networks)
    if account.role == "analyst":
        return Audience("network", networks)
    return PUBLIC


def may_enter(account: Account | None, network: str, municipality: str) -> bool:
    """Whether a user may enter and submit ``municipality``'s figures for ``network``
    online: the municipality's own user, or a facilitator, of that network (an analyst
    reads, and nobody enters another municipality's figures)."""
    if account is None or not account.active or network not in account.networks:
        return False
    if account.role == "facilitator":
        return True
    return account.role == "municipality" and account.municipality == municipality


_IN_FORCE: ContextVar[Audience] = ContextVar("benchlearn_audience", default=PUBLIC)


def in_force() -> Audience:
    """The audience outputs are made for now: ``--audience`` of the running command (or a
    server's request), else the public."""
    return _IN_FORCE.get()


@contextmanager
def using(audience: Audience) -> Iterator[Audience]:
    """Make outputs for ``audience`` inside the block (a command, a request)."""
    token = _IN_FORCE.set(audience)
    try:
        yield audience
    finally:
        _IN_FORCE.reset(token)


__all__ = [
    "EVERYONE",
    "NO_NETWORK",
    "PUBLIC",
    "VISIBILITIES",
    "Audience",
    "AudienceKind",
    "Visibility",
    "audience_of",
    "in_force",
    "may_enter",
    "using",
]
