"""``python -m benchlearn`` runs the command line."""

from benchlearn.cli import run

run()
