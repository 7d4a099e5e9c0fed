"""Bundled reference data (contexts, vocabularies, ...) and the pure loaders that read it.

Everything is read with importlib.resources; nothing is downloaded or written at run time.
"""
