"""Messages of `benchlearn pull`: fetching figures from PxWeb and Kolada."""

MESSAGES: dict[str, dict[str, str]] = {}
