"""The metrics domain (pure): checks over harvested evidence, profiles, scoring.

Checks receive evidence; they never fetch it. Profiles (versioned YAML) say which checks make up which
metric tests, with points and maturity; scoring turns check outcomes into F-UJI-comparable results.
"""
