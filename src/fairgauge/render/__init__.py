"""Renderings of results: JSON, text, HTML, badge and RDF views of one model."""
