"""Harvesting steps, one module each; the harvester composes them."""
