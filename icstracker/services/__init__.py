"""What a user can do, as plain functions over a database session (no Qt)."""
