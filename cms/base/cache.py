"""Django's database cache with an increment that concurrent processes cannot lose.

The rate limits count in the cache every gunicorn worker and every host shares. Django's
`DatabaseCache` inherits `incr` from `BaseCache`: a read, then a write with the default
timeout. Two workers that read 4 at once both write 5 (a request lost), and the write
moves the counter's expiry, so an hour's window would end after five minutes. Here the
read and the write are one transaction holding the row (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's IMMEDIATE transactions take the write lock at BEGIN), and the
expiry stays as `add` set it. Redis needs none of this: Django's `RedisCache` uses INCR.
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now


class AtomicDatabaseCache(DatabaseCache):
    """`DatabaseCache` whose `incr` is atomic and keeps the entry's expiry."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote = connection.ops.quote_name
        table = quote(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote('value')}, {quote('expires')} FROM {table} WHERE {quote('cache_key')} = %s{lock}", [key]
            )
            row = cursor.fetchone()
            if row is None or self._expires(connection, row[1]) < now():
                raise ValueError(f"Key '{key}' not found.")
            value = pickle.loads(base64.b64decode(connection.ops.process_clob(row[0]).encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {quote('value')} = %s WHERE {quote('cache_key')} = %s", [encoded, key])
        return value

    @staticmethod
    def _expires(connection, value):
        """The expiry column as an aware datetime, converted the way DatabaseCache.get does."""
        expression = models.Expression(output_field=models.DateTimeField())
        for converter in connection.ops.get_db_converters(expression) + expression.get_db_converters(connection):
            value = converter(value, expression, connection)
        return value
