"""Thin command-line commands: parse options, call the use cases, print results."""
