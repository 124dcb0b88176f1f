"""Storage: models, engine, migrations and the reference data. Knows nothing of Qt."""
