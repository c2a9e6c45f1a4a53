"""The catalog service."""
