"""XML record formats (DataCite, ISO 19139, DIF, DDI, EML, MODS/METS, PANGAEA, Dublin Core) and the
OAI-PMH/CSW/re3data envelopes, read through a registry keyed on the root element, with a hardened parser."""
