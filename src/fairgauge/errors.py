"""The one exception tree of fairgauge.

Exceptions are for conditions that stop an operation; problems *found* in the things we examine are
findings (data), never exceptions. Interfaces (CLI, REST) turn any ``FairgaugeError`` into a one-line
message or an error envelope; anything else reaching them is a bug.

::

    FairgaugeError
    ├── ConfigError            settings or config file unusable
    ├── InputError             user input unusable (empty identifier, bad option value, unreadable file)
    │   └── IdentifierError    the identifier cannot be interpreted at all
    ├── ArchiveError           a WARC archive cannot be read
    ├── ReferenceDataError     bundled reference data missing or invalid (a packaging bug)
    ├── ProfileError           a metric profile is invalid or unknown
    ├── TracksError            FAIRtracks: schema set or ontology index unusable
    └── StoreError             the database cannot be opened, reached or upgraded
"""

from __future__ import annotations


class FairgaugeError(Exception):
    """Base of all errors fairgauge raises on purpose."""


class ConfigError(FairgaugeError):
    """Settings or a config file are unusable."""


class InputError(FairgaugeError):
    """User input cannot be used."""


class IdentifierError(InputError):
    """An identifier cannot be interpreted (e.g. it is empty)."""


class ArchiveError(FairgaugeError):
    """A WARC archive cannot be read."""


class ReferenceDataError(FairgaugeError):
    """Bundled reference data is missing or invalid."""


class ProfileError(FairgaugeError):
    """A metric profile is unknown or invalid."""


class TracksError(FairgaugeError):
    """A FAIRtracks schema set or term source cannot be used."""


class StoreError(FairgaugeError):
    """The store (database) cannot be opened, reached or upgraded."""
