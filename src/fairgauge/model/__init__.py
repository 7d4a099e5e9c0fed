"""Pure pydantic models shared by every layer: identifiers, HTTP exchanges, findings, metadata, reports.

Nothing here performs I/O; these are the data that flow between harvesting, checking and rendering.
"""
