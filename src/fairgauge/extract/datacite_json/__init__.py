"""DataCite JSON (the REST API and the schema's JSON form), with the API's embedded XML as a fallback."""
