"""What the API accepts and returns."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
)

from users import emails

# Postgres text cannot hold a NUL character: refuse it here as a 400, not at the INSERT as a 500.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=r"^[^\x00]*$"),
]
# The rule and why: users.emails. NFKC before the syntax check, lengths and scripts after it.
Email = Annotated[
    EmailStr,
    BeforeValidator(emails.normalised),
    AfterValidator(emails.checked),
    AfterValidator(str.lower),
]


class UserCreate(BaseModel):
    email: Email
    name: Name


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    name: str
    created_at: datetime


class UserPage(BaseModel):
    items: list[UserPublic]
    total: int = Field(description="How many users there are in all.")
    limit: int
    offset: int
