"""The published sites and the public service served to a real browser from a thread of the test.

One request at a time: the test database is SQLite in memory with a shared cache, where two
connections writing at once do not wait for each other but fail at once ("database table is
locked"). A browser sends beacons and page loads together; a real deployment's database waits
(WAL and IMMEDIATE transactions, or PostgreSQL), so serialising here hides nothing a visitor
would meet."""

import contextlib
import threading

from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer


class QuietHandler(WSGIRequestHandler):
    # A connection chromium opens ahead of need and leaves idle would hold this one-at-a-time server
    # (its page's deferred scripts queued behind it) until the test times out: drop it after 3 s.
    timeout = 3

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serving(app, host="pitea.localhost"):
    """Serve the WSGI `app` on a free port of 127.0.0.1; yields the base URL for `host`."""
    server = WSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
