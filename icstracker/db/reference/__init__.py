"""The real NHS footprints and planning levels, read from the shipped reference files."""
