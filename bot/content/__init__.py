"""Film content: the file format, its validation and loading into the database."""
