"""Pure metadata parsers: bytes in, metadata records out. Nothing here touches the network."""
