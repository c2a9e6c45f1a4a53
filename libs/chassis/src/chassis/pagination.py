"""The bounds of a page, for every list route: `limit: Limit = DEFAULT_LIMIT, offset: Offset = 0`.

Out of bounds is a 400 naming the parameter, like any bad input, and never reaches the database:
an offset of 2**63 was once a 500 from Postgres ("bigint out of range").
"""

from typing import Annotated

from fastapi import Query

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
# Far past the end of any table a service holds, far below Postgres' bigint.
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="How many items at most.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip.")]
