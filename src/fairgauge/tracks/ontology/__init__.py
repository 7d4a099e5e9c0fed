"""Ontology term sources for FAIRtracks checks: the protocol, the offline index and its inputs."""
