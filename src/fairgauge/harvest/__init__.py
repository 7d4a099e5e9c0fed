"""Harvesting: the only package that touches the network.

It fetches what a machine would (PID resolution, landing page, signposting, content negotiation,
DataCite, re3data, metadata services, data file samples), keeps every exchange as evidence, and turns
bodies into metadata records with the pure parsers in ``extractors``.
"""
