"""``python -m fairgauge`` runs the command-line interface."""

from fairgauge.cli.main import run

run()
