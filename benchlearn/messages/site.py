"""Labels and sentences of the static web report: the network's, each member's and each
indicator's pages."""

MESSAGES: dict[str, dict[str, str]] = {}
