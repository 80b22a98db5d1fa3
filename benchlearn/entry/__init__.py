"""Online data entry: a municipality enters its figures for a network's round, by the
Excel form's rules, and submits them; a facilitator closes and reopens the round.

The library part of the server's ``/entry/{network}/{year}/{municipality}`` pages
(no web code here): :func:`entry_sheet` is the form as fields with the stored
figures and the round's state, :func:`save_entry` checks and stores what was
typed through the importer (batches, revisions, control rules, one
transaction), :func:`submit_entry` records that the municipality vouches for
its figures, and :func:`close_round` / :func:`reopen_round` are the
facilitator's. ``benchlearn forms status`` shows the submissions beside the
returned Excel forms.
"""

from __future__ import annotations

from benchlearn.entry.fields import Reading, read_field
from benchlearn.entry.rounds import State, close_round, reopen_round
from benchlearn.entry.save import EntryOutcome, entry_source, save_entry, submit_entry
from benchlearn.entry.sheet import Choice, EntryField, EntrySheet, Kind, entry_sheet

__all__ = [
    "Choice",
    "EntryField",
    "EntryOutcome",
    "EntrySheet",
    "Kind",
    "Reading",
    "State",
    "close_round",
    "entry_sheet",
    "entry_source",
    "read_field",
    "reopen_round",
    "save_entry",
    "submit_entry",
]
