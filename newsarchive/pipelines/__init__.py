"""Item pipelines: version against the state store, validate against the schema, write JSON Lines."""
