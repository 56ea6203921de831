"""The spoiler engine: levels become treatments, text becomes leak-proof Discord markdown."""
