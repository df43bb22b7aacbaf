"""resources: a remote image downloaded safely: public addresses only, a deadline, a size cap.

Every hop of a download (redirects included) is checked on the address it will connect to
(see ``hosts``), and the connection is then made to that checked address, so a second lookup
cannot answer differently. A download has a deadline for the whole of it (a server that
trickles a byte a second is cut off, not waited for), a cap on the body after any gzip is
undone, and a limit on redirects.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit, urlunsplit

from exporter import __version__
from exporter.resources.hosts import (
    DEADLINE,
    Address,
    Allowed,
    addresses,
    literal,
    refusal,
    unwrapped,
)
from exporter.resources.local import MAX_BYTES

SCHEMES = {"http": 80, "https": 443}
"""The schemes fetched, and their default ports."""
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
TIMED_OUT = "the download took longer than"
"""How a download that ran out of time is reported (followed by its deadline)."""
CHUNK = 65_536
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
"""What ``quote`` leaves of an address: its delimiters and escapes (the rest is encoded)."""
HEADERS = {
    "User-Agent": f"lesson-exporter/{__version__}",
    "Accept": "image/png,image/jpeg,image/gif,image/webp;q=0.9,*/*;q=0.1",
    "Accept-Encoding": "gzip, identity",
}


@dataclass(frozen=True)
class Redirect:
    """A server's answer that the image is elsewhere."""

    location: str


@dataclass
class Watchdog:
    """Shuts the connection down at the deadline, whatever it is waiting for."""

    ends: float
    sock: socket.socket | None = None
    timer: threading.Timer | None = field(default=None, repr=False)

    def __enter__(self) -> Watchdog:
        self.timer = threading.Timer(max(0.0, self.ends - time.monotonic()), self.fire)
        self.timer.daemon = True
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.timer is not None:
            self.timer.cancel()

    def fire(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)

    def left(self) -> float:
        """Return the seconds left, raising ``TimeoutError`` when there are none."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise TimeoutError
        return left


def download(
    url: str, allowed: Allowed, deadline: float = DEADLINE, limit: int = MAX_BYTES
) -> bytes | str:
    """Return the body at ``url`` (an ``http`` or ``https`` address), or why it cannot be had."""
    ends = time.monotonic() + deadline
    url = unbracketed(url)
    for _ in range(MAX_REDIRECTS + 1):
        try:
            answer = fetch(url, allowed, ends, limit)
        except TimeoutError:
            return f"{TIMED_OUT} {deadline:g} s"
        except ValueError as exc:  # an address urllib cannot take apart ("Invalid IPv6 URL")
            return f"the address {url!r} is not valid ({exc})"
        if not isinstance(answer, Redirect):
            return answer
        url = answer.location
    return f"the server redirected more than {MAX_REDIRECTS} times"


def fetch(url: str, allowed: Allowed, ends: float, limit: int) -> bytes | str | Redirect:
    """Make one request: return the body, a redirect, or why it failed.

    Raises ``TimeoutError`` when the deadline passes.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        return f"a redirect to a {scheme or 'relative'}: address is not followed"
    if parts.username is not None or parts.password is not None:
        return "an address with a user name or password in it is not fetched"
    try:
        host, port = parts.hostname, parts.port or SCHEMES[scheme]
    except ValueError:
        return "the address's port is not a number from 0 to 65535"
    if not host:
        return "the address names no host"
    found = addresses(host, port, ends - time.monotonic())
    if isinstance(found, str):
        return found
    admitted = [a for a in found if allowed.admits(host, a) or refusal(a) is None]
    if not admitted:
        named = host if literal(host) == found[0] else f"{host} is {found[0]}, which"
        kind = refusal(found[0]) or ""
        if unwrapped(found[0]).is_link_local:  # the metadata service: no hint to open it
            return f"{named} {kind}, and is refused"
        return f"{named} {kind}; a lesson may reach it only with --allow-host {host}"
    with Watchdog(ends) as watchdog:
        try:
            return request(parts, host, port, admitted, watchdog, limit)
        except (OSError, http.client.HTTPException) as exc:
            watchdog.left()  # a connection shut at the deadline is a timeout
            return f"the download failed ({describe(exc)})"


def request(
    parts: SplitResult,
    host: str,
    port: int,
    admitted: list[Address],
    watchdog: Watchdog,
    limit: int,
) -> bytes | str | Redirect:
    """Connect to the first admitted address that answers and ``GET`` the image."""
    sock = connect(admitted, port, watchdog)
    if parts.scheme.lower() == "https":
        context = ssl.create_default_context()
        sock = context.wrap_socket(sock, server_hostname=host)
        watchdog.sock = sock
    connection = http.client.HTTPConnection(host, port, timeout=watchdog.left())
    connection.sock = sock
    try:
        path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        connection.request("GET", quote(path, safe=URL_SAFE), headers=HEADERS)
        response = connection.getresponse()
        if response.status in REDIRECTS:
            location = response.getheader("Location")
            if not location:
                return f"the server answered {response.status} without saying where to go"
            # http.client reads headers as Latin-1; a server's UTF-8 file name is put back.
            location = location.encode("latin-1", "replace").decode("utf-8", "replace")
            try:
                return Redirect(urljoin(parts.geturl(), quote(location, safe=URL_SAFE)))
            except ValueError:
                return f"the server redirected to an address that is not valid: {location!r}"
        if response.status != 200:
            return f"the server answered {response.status} {response.reason}".rstrip()
        return body(response, watchdog, limit)
    finally:
        connection.close()


def unbracketed(url: str) -> str:
    """Return ``url`` with its host as written, where Markdown percent-encoded it: the
    brackets of an IPv6 address (``http://%5B::1%5D/`` is ``http://[::1]/``), a name in
    another script."""
    scheme, separator, rest = url.partition("://")
    host, slash, tail = rest.partition("/")
    return f"{scheme}{separator}{unquote(host)}{slash}{tail}" if separator else url


def connect(admitted: list[Address], port: int, watchdog: Watchdog) -> socket.socket:
    """Return a socket connected to the first of ``admitted`` that answers.

    Raises ``OSError`` (the last one) when none does, ``TimeoutError`` at the deadline.
    """
    failure: OSError = ConnectionError("no address")
    for address in admitted:
        family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        watchdog.sock = sock
        try:
            sock.settimeout(watchdog.left())
            sock.connect((str(address), port))
            return sock
        except OSError as exc:
            sock.close()
            failure = exc
    raise failure


def body(response: http.client.HTTPResponse, watchdog: Watchdog, limit: int) -> bytes | str:
    """Return the response's body, gzip undone, or why it is refused (too large, encoded)."""
    too_large = f"it is larger than {amount(limit)}"
    length = response.getheader("Content-Length", "")
    if length.isdigit() and int(length) > limit:
        return too_large
    encoding = response.getheader("Content-Encoding", "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        return f"the server sent it {encoding}-encoded, which is not supported"
    decoder = zlib.decompressobj(wbits=47) if encoding != "identity" else None
    chunks: list[bytes] = []
    size = received = 0
    while chunk := read_some(response, watchdog):
        received += len(chunk)
        if received > limit:  # what gzip undoes is capped below; what it leaves over, here
            return too_large
        if decoder is not None:
            try:
                chunk = decoder.decompress(chunk, limit + 1 - size)
            except zlib.error:
                return f"the server said it sent {encoding} data, but it is not"
            if decoder.unconsumed_tail:
                return too_large
        size += len(chunk)
        if size > limit:
            return too_large
        chunks.append(chunk)
    return b"".join(chunks)


def read_some(response: http.client.HTTPResponse, watchdog: Watchdog) -> bytes:
    """Return the next bytes of the body (empty at its end), waiting no longer than allowed."""
    if watchdog.sock is not None:
        watchdog.sock.settimeout(watchdog.left())
    chunk = response.read1(CHUNK)
    watchdog.left()
    return chunk


def amount(size: int) -> str:
    """Return a number of bytes for a person: ``50 MB``, ``64 kB``, ``900 bytes``."""
    for unit, name in ((1_000_000, "MB"), (1_000, "kB")):
        if size >= unit:
            return f"{size / unit:g} {name}"
    return f"{size} bytes"


def describe(exc: BaseException) -> str:
    """Return a short, readable account of a network error."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"the server's certificate is not valid: {exc.verify_message}"
    if isinstance(exc, http.client.IncompleteRead):
        return "the connection closed before the whole image arrived"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{exc.__class__.__name__}: {exc}".rstrip(": ")
