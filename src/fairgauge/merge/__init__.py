"""Merging metadata records from several sources into one model: every distinct value with every
source that stated it, disagreements as conflicts. Pure: records in, merged metadata out."""

from fairgauge.merge.keys import LicenseKey
from fairgauge.merge.records import merge_records

__all__ = ["LicenseKey", "merge_records"]
