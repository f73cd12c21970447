"""Model instances without Model.__init__, for the hot paths that build thousands of them.

Model.__init__ walks every field (defaults, descriptors, the pre_init and post_init signals); it
was the largest single cost of an API list page and of a refresh batch's new event rows.
`instance` sets the attribute values as __init__ would and a fresh ModelState, nothing else. So:
- only for models without pre_init/post_init receivers (the tests check the ones used here);
- `values` must name every concrete field by attname (`tracker_id`, not `tracker`) that anyone
  will read: a field left out loads from the database on access for a saved row (`db` given),
  and makes no sense for a new one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.db.models.base import ModelState

M = TypeVar("M", bound=Model)


def instance(model: type[M], values: dict[str, Any], *, db: str | None = None) -> M:
    """A `model` holding `values`: a row read from database `db`, or a new one when db is None."""
    obj = model.__new__(model)
    obj.__dict__.update(values)
    state = obj._state = ModelState()
    state.adding, state.db = db is None, db
    return obj
