"""RDF serialisations (Turtle, N-Triples, N3, TriG, RDF/XML) and SPARQL answers mapped through one graph mapper."""
