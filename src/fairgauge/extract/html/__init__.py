"""HTML landing pages: meta tags, links, embedded JSON-LD, microdata and RDFa."""
