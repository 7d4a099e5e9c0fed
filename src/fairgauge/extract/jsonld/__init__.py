"""JSON-LD documents: expansion with offline contexts, then the schema.org or RDF mapping."""
