"""Each foreign key's target looked up once per demo kommun, not once per save.

Wagtail validates every page, revision and log entry it saves (`full_clean()`), and Django's
`ForeignKey.validate` asks the database whether the row referred to exists: the same locale,
content type, parent page or image, tens of thousands of times in a demo load (a tenth of it).
Inside `known_rows()` a row found once is taken as found for the rest of the block; the block is
a load that only adds rows, and the database's own foreign key constraints still check every
reference when its transaction commits. Outside the block nothing changes.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Field, ForeignKey

_known = ContextVar("known_rows", default=None)
_validate = ForeignKey.validate


def _validate_once(field, value, model_instance):
    known = _known.get()
    if known is None or value is None or field.remote_field.parent_link:
        return _validate(field, value, model_instance)
    remote = field.remote_field
    key = (remote.model, remote.field_name, value, repr(field.get_limit_choices_to()))
    if key in known:
        return Field.validate(field, value, model_instance)  # choices, null, blank: what costs no query
    _validate(field, value, model_instance)
    known.add(key)
    return None


@contextmanager
def known_rows():
    """Foreign keys validated inside look each target row up once (see the module)."""
    token = _known.set(set())
    ForeignKey.validate = _validate_once
    try:
        yield
    finally:
        _known.reset(token)
        if _known.get() is None:
            ForeignKey.validate = _validate
