"""Unique test data, so that tests sharing one server never see each other's rows or queues."""

import uuid


def unique_name(prefix: str) -> str:
    """A name no other test (or test run) uses, e.g. ``orders-test-3f9a1c2b``."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def random_email() -> str:
    """An e-mail address no other test uses."""
    return f"user-{uuid.uuid4().hex[:12]}@example.com"


def random_sku() -> str:
    """A product SKU no other test uses."""
    return f"SKU-{uuid.uuid4().hex[:10].upper()}"
