"""A small threaded HTTP server on 127.0.0.1 that serves the remote images tests download.

Each route plays one kind of server a lesson may point at: a good image, a page that lies
about its type, one that trickles, one that sends too much, one that redirects somewhere it
must not. The server counts the requests it gets per path (with the query), so that a test
can tell a refused download was refused before any connection, and a cached image was not
downloaded again.

    with ImageServer() as server:
        server.url("/ok.png")        # http://127.0.0.1:PORT/ok.png
        server.hits["/ok.png"]       # how many times it was asked for

Routes (anything else is a 404):

``/ok.png``, ``/photo.jpg``
    a real image made with Pillow (``OK_PNG``, ``PHOTO_JPEG``); a query string is ignored, so
    ``/ok.png?v=2`` is another address with the same content.
``/ok.png.gz``
    the PNG sent with ``Content-Encoding: gzip``.
``/html-as-png``
    an HTML page sent as ``Content-Type: image/png``.
``/missing``
    404.
``/slow``
    headers at once, then the body a byte every ``TRICKLE`` seconds (for a minute).
``/slow-headers``
    the status line and headers themselves a byte every ``TRICKLE`` seconds.
``/big``
    ``BIG`` bytes with an honest ``Content-Length``.
``/big-no-length``
    ``BIG`` bytes without a ``Content-Length``: the end is when the connection closes.
``/big-lying``
    ``Content-Length: 100``, then ``BIG`` bytes.
``/big-chunked-lying``
    ``Content-Length: 100`` and ``Transfer-Encoding: chunked``, then ``BIG`` bytes in chunks.
``/big-claims``
    ``Content-Length`` of a terabyte, then the small PNG.
``/gzip-bomb``
    ``Content-Encoding: gzip``: some 60 kB that inflate to ``BOMB`` bytes of zeros.
``/bad-gzip``
    ``Content-Encoding: gzip``, but the body is the plain PNG.
``/gzip-trailing``
    ``Content-Encoding: gzip``: the gzipped PNG, then ``BIG`` bytes more that gzip ignores
    (no ``Content-Length``: the end is when the connection closes).
``/redirect/N``
    302 to ``/redirect/N-1`` (a relative ``Location``); ``/redirect/1`` goes to ``/ok.png``.
``/to?location=URL``
    302 to ``URL``.
``/to-metadata``, ``/to-file``
    302 to the cloud metadata service, and to ``file:///etc/passwd``.
``/redirect-nowhere``
    302 without a ``Location``.
``/together/NAME``
    waits (at most ``TOGETHER_WAIT`` seconds) until ``TOGETHER`` requests to ``/together/...``
    have been in flight at once, then sends the PNG; ``peak_together`` is the most seen at
    once. A client that asks one at a time waits the full time for each, and sees a peak of 1.
"""

from __future__ import annotations

import gzip
import io
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

from PIL import Image as PILImage

TRICKLE = 0.2
"""Seconds between two bytes of a trickling answer."""
TRICKLE_FOR = 60.0
"""How long a trickling answer goes on at most (longer than any test waits)."""
BIG = 200_000
"""The size of the ``/big`` bodies: larger than the small limits tests pass to ``download``."""
BOMB = 60_000_000
"""What ``/gzip-bomb`` inflates to: more than the 50 MB any image may be."""
TOGETHER = 2
TOGETHER_WAIT = 5.0
METADATA = "http://169.254.169.254/latest/meta-data/"


def png(width: int = 40, height: int = 30, color: str = "red") -> bytes:
    """Return a real PNG image made with Pillow."""
    stream = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(stream, "PNG")
    return stream.getvalue()


def jpeg(width: int = 320, height: int = 240) -> bytes:
    """Return a real JPEG photo-like image (a gradient) made with Pillow."""
    image = PILImage.linear_gradient("L").resize((width, height)).convert("RGB")
    stream = io.BytesIO()
    image.save(stream, "JPEG", quality=85)
    return stream.getvalue()


OK_PNG = png()
PHOTO_JPEG = jpeg()
HTML = b"<!doctype html>\n<html><head><title>Sign in</title></head><body>Sign in</body></html>\n"


class Handler(BaseHTTPRequestHandler):
    """Answers one request by its route (see the module's docstring)."""

    server: Server

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean."""

    def do_GET(self) -> None:
        target = urlsplit(self.path)
        self.server.record(self.path)
        routes: dict[str, Callable[[], None]] = {
            "/ok.png": lambda: self.send(OK_PNG, "image/png"),
            "/photo.jpg": lambda: self.send(PHOTO_JPEG, "image/jpeg"),
            "/ok.png.gz": lambda: self.send(
                gzip.compress(OK_PNG), "image/png", {"Content-Encoding": "gzip"}
            ),
            "/html-as-png": lambda: self.send(HTML, "image/png"),
            "/slow": self.slow,
            "/slow-headers": self.slow_headers,
            "/big": lambda: self.send(b"\0" * BIG, "image/png"),
            "/big-no-length": self.big_without_length,
            "/big-lying": lambda: self.send(b"\0" * BIG, "image/png", length=100),
            "/big-chunked-lying": self.big_chunked,
            "/big-claims": lambda: self.send(OK_PNG, "image/png", length=10**12),
            "/gzip-bomb": lambda: self.send(
                self.server.bomb(), "image/png", {"Content-Encoding": "gzip"}
            ),
            "/bad-gzip": lambda: self.send(OK_PNG, "image/png", {"Content-Encoding": "gzip"}),
            "/gzip-trailing": self.gzip_trailing,
            "/to": lambda: self.redirect(parse_qs(target.query).get("location", ["/"])[0]),
            "/to-metadata": lambda: self.redirect(METADATA),
            "/to-file": lambda: self.redirect("file:///etc/passwd"),
            "/redirect-nowhere": lambda: self.redirect(None),
        }
        chain = re.fullmatch(r"/redirect/(\d+)", target.path)
        if target.path in routes:
            routes[target.path]()
        elif chain:
            left = int(chain.group(1))
            self.redirect(f"/redirect/{left - 1}" if left > 1 else "/ok.png")
        elif target.path.startswith("/together/"):
            self.together()
        else:
            self.send(b"not found\n", "text/plain", status=404)

    def send(
        self,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
        *,
        status: int = 200,
        length: int | None = None,
    ) -> None:
        """Send ``body``, saying its length is ``length`` (default: the truth)."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.write(body)

    def redirect(self, location: str | None) -> None:
        self.send_response(302)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def write(self, data: bytes) -> None:
        """Write ``data``; a client that went away ends the answer quietly."""
        try:
            self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def trickle(self, data: bytes) -> None:
        """Write ``data`` a byte every ``TRICKLE`` seconds, until the client or server goes."""
        ends = time.monotonic() + TRICKLE_FOR
        for index in range(len(data)):
            if self.server.stopping.is_set() or time.monotonic() > ends:
                return
            try:
                self.wfile.write(data[index : index + 1])
                self.wfile.flush()
            except OSError:  # the client gave up: what a trickle is for
                self.server.gave_up(self.path)
                return
            if self.server.stopping.wait(TRICKLE):
                return

    def slow(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.flush()
        self.trickle(OK_PNG + b"\0" * 1000)

    def slow_headers(self) -> None:
        head = "HTTP/1.0 200 OK\r\nContent-Type: image/png\r\nX-Padding: " + "x" * 400 + "\r\n"
        self.trickle(head.encode("ascii"))

    def big_without_length(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.write(b"\0" * BIG)
        self.close_connection = True

    def gzip_trailing(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.write(gzip.compress(OK_PNG) + b"\0" * BIG)
        self.close_connection = True

    def big_chunked(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", "100")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"\0" * 10_000
        for _ in range(BIG // len(chunk)):
            self.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        self.write(b"0\r\n\r\n")

    def together(self) -> None:
        with self.server.changed:
            self.server.in_flight += 1
            self.server.peak_together = max(self.server.peak_together, self.server.in_flight)
            self.server.changed.notify_all()
            self.server.changed.wait_for(
                lambda: self.server.peak_together >= TOGETHER or self.server.stopping.is_set(),
                timeout=TOGETHER_WAIT,
            )
        try:
            self.send(OK_PNG, "image/png")
        finally:
            with self.server.changed:
                self.server.in_flight -= 1


class Server(ThreadingHTTPServer):
    """The HTTP server, with the counters the handlers keep."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.abandoned: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.changed = threading.Condition()
        self.in_flight = 0
        self.peak_together = 0
        self._bomb: bytes | None = None

    def record(self, path: str) -> None:
        with self.lock:
            self.hits[path] += 1

    def gave_up(self, path: str) -> None:
        with self.lock:
            self.abandoned[path] += 1

    def bomb(self) -> bytes:
        with self.lock:
            if self._bomb is None:
                self._bomb = gzip.compress(b"\0" * BOMB, compresslevel=9)
            return self._bomb

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up mid-answer is expected here, not an error to print."""


class ImageServer:
    """The server running in a thread: a context manager that stops it cleanly."""

    def __init__(self) -> None:
        self.server = Server()
        self.port: int = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def __enter__(self) -> ImageServer:
        self.thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving: trickling answers end, the port is closed."""
        self.server.stopping.set()
        with self.server.changed:
            self.server.changed.notify_all()
        if self.thread.is_alive():
            self.server.shutdown()
            self.thread.join(timeout=5)
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Return the address of ``path`` on this server."""
        return self.base + path

    @property
    def hits(self) -> Counter[str]:
        """Requests received, per path and query."""
        with self.server.lock:
            return Counter(self.server.hits)

    @property
    def total(self) -> int:
        """Every request received."""
        return sum(self.hits.values())

    @property
    def abandoned(self) -> Counter[str]:
        """Trickling answers the client hung up on, per path."""
        with self.server.lock:
            return Counter(self.server.abandoned)

    @property
    def peak_together(self) -> int:
        """The most ``/together/...`` requests that were in flight at once."""
        with self.server.changed:
            return self.server.peak_together


def closed_port() -> int:
    """Return a port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
