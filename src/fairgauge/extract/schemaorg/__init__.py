"""schema.org (JSON-LD, microdata) node graphs mapped to metadata fields."""
