"""resources.remote: remote images downloaded from public addresses only, in time, capped, cached.

Every download here goes to the test's own server on 127.0.0.1 (``tests/imageserver.py``),
which counts the requests it gets: a refusal is shown to have come before any connection, a
cached image not to have been downloaded twice. The session's ``no_network`` fixture keeps
every other name from resolving.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import pytest
from pptx import Presentation
from pptx.shapes.picture import Picture as PptxPicture

from exporter.builder import build_deck
from exporter.cli import main
from exporter.model import Deck
from exporter.parse import parse_markdown
from exporter.resources import (
    Downloads,
    Picture,
    Place,
    load_all,
    load_picture,
    load_pictures,
    remote,
)
from exporter.resources.hosts import Address, Allowed, addresses, refusal, unwrapped
from exporter.resources.remote import MAX_REDIRECTS, download
from exporter.source import read_source
from tests.conftest import SEED, need_tool, page_count, page_text, slide_texts
from tests.imageserver import (
    BIG,
    HTML,
    OK_PNG,
    TOGETHER,
    TOGETHER_WAIT,
    ImageServer,
    closed_port,
)

T = TypeVar("T")

LOCAL = Allowed.parse(["127.0.0.1"])
"""The allow-list that lets downloads reach the test server."""
SEED_URL = (
    "https://d1.awsstatic.com/security-center/"
    "Shared_Responsibility_Model_V2.59d1eccec334b366627e9295b304202faf7b899b.jpg"
)
SEED_LINE = 78
SEED_ALT = "AWS Shared Responsibility Model"


# --- fixtures and helpers ------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[ImageServer]:
    """A fresh image server (fresh counters) for each test."""
    with ImageServer() as running:
        yield running


@pytest.fixture
def place(tmp_path: Path) -> Place:
    return Place(tmp_path, tmp_path)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[list[Address]]:
    """Record the addresses each connection of ``remote`` is attempted to (after the checks)."""
    made: list[list[Address]] = []
    real = remote.connect

    def spy(admitted: list[Address], port: int, watchdog: remote.Watchdog) -> socket.socket:
        made.append(list(admitted))
        return real(admitted, port, watchdog)

    monkeypatch.setattr(remote, "connect", spy)
    return made


def within(seconds: float, call: Callable[[], T]) -> T:
    """Return what ``call`` returns, failing the test (not hanging it) after ``seconds``."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(call())
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"still running after {seconds} s: the deadline did not cut it off")
    if errors:
        raise errors[0]
    return results[0]


def reason(result: object) -> str:
    """Return ``result`` asserted to be a reason (a string), not bytes or a picture."""
    assert isinstance(result, str), f"expected a refusal, got {type(result).__name__}"
    return result


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_files(cache: Path) -> tuple[list[Path], list[Path]]:
    """Return the cache's address entries and its content blobs."""
    entries = sorted(p for p in (cache / "urls").glob("*") if not p.name.startswith("."))
    blobs = sorted(p for p in (cache / "content").glob("*/*") if not p.name.startswith("."))
    return entries, blobs


def fake_names(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> list[str]:
    """Make each of ``names`` resolve to its addresses; return the names looked up, in order."""
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in names:
            return real(host, port, *args, **kwargs)
        if kwargs.get("flags", 0) & socket.AI_NUMERICHOST:
            raise socket.gaierror(socket.EAI_NONAME, "not a numeric host")
        looked_up.append(host)
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, int(port)),
            )
            for address in names[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    return looked_up


def deck_of(path: Path) -> Deck:
    """Return the deck built from the lesson at ``path`` (read, parsed, built; not fitted)."""
    source = read_source(path)
    deck, _ = build_deck(source, [parse_markdown(page.text) for page in source.pages], path.stem)
    return deck


def lesson_with_images(*urls: str) -> str:
    images = "\n\n".join(f"![image {n}]({url})" for n, url in enumerate(urls, start=1))
    return f"---\ntitle: Remote images\n---\n\n### Pictures\n\n{images}\n"


def build(lesson: Path | str, out: Path | str, *flags: str) -> int:
    """Run ``lesson-export build`` quietly and return its exit status."""
    return main(["build", str(lesson), "-o", str(out), "-q", *flags])


# --- the allow-list and where a download may go --------------------------------------------


def test_an_allowed_local_server_gives_its_picture(server: ImageServer, place: Place) -> None:
    picture = load_picture(server.url("/ok.png"), place, Downloads(allowed=LOCAL))
    assert isinstance(picture, Picture)
    assert (picture.width, picture.height, picture.extension) == (40, 30, "png")
    assert server.hits["/ok.png"] == 1


def test_a_downloaded_jpeg_stays_jpeg(server: ImageServer, place: Place) -> None:
    picture = load_picture(server.url("/photo.jpg"), place, Downloads(allowed=LOCAL))
    assert isinstance(picture, Picture)
    assert (picture.width, picture.height, picture.extension) == (320, 240, "jpeg")


def test_loopback_is_refused_without_the_allow_list_before_any_connection(
    server: ImageServer, place: Place, connections: list[list[Address]]
) -> None:
    why = reason(load_picture(server.url("/ok.png"), place, Downloads()))
    assert why.startswith("cannot download it: ")
    assert "127.0.0.1 is a loopback address" in why
    assert "--allow-host 127.0.0.1" in why
    assert server.total == 0
    assert connections == []


def test_another_loopback_address_is_not_covered_by_allowing_127_0_0_1(
    server: ImageServer,
) -> None:
    """127.0.0.2 is loopback too, but the allow-list names only 127.0.0.1."""
    why = reason(download(f"http://127.0.0.2:{server.port}/ok.png", LOCAL))
    assert "127.0.0.2 is a loopback address" in why and "--allow-host 127.0.0.2" in why
    assert server.total == 0


def test_a_name_is_judged_by_the_address_it_resolves_to(
    server: ImageServer, monkeypatch: pytest.MonkeyPatch, connections: list[list[Address]]
) -> None:
    fake_names(monkeypatch, {"images.example.test": ["127.0.0.1"]})
    why = reason(download(f"http://images.example.test:{server.port}/ok.png", Allowed()))
    assert "images.example.test is 127.0.0.1, which is a loopback address" in why
    assert "--allow-host images.example.test" in why
    assert server.total == 0 and connections == []


def test_an_allowed_name_connects_to_the_address_checked_without_a_second_lookup(
    server: ImageServer, monkeypatch: pytest.MonkeyPatch, connections: list[list[Address]]
) -> None:
    looked_up = fake_names(monkeypatch, {"images.example.test": ["127.0.0.1"]})
    allowed = Allowed.parse(["Images.Example.Test."])
    body = download(f"http://images.example.test:{server.port}/ok.png", allowed)
    assert body == OK_PNG
    assert looked_up == ["images.example.test"]
    assert connections == [[ipaddress.ip_address("127.0.0.1")]]


def test_of_a_names_addresses_only_the_admitted_ones_are_tried(
    server: ImageServer, monkeypatch: pytest.MonkeyPatch, connections: list[list[Address]]
) -> None:
    """A name resolving to the metadata service and to an allowed address: only the latter."""
    fake_names(monkeypatch, {"mixed.example.test": ["169.254.169.254", "10.9.9.9", "127.0.0.1"]})
    body = download(f"http://mixed.example.test:{server.port}/ok.png", LOCAL)
    assert body == OK_PNG
    assert connections == [[ipaddress.ip_address("127.0.0.1")]]


def test_localhost_is_refused_unless_allowed(server: ImageServer) -> None:
    url = f"http://localhost:{server.port}/ok.png"
    why = reason(download(url, Allowed()))
    assert "is a loopback address" in why and "--allow-host localhost" in why
    assert server.total == 0
    # Allowed by name: each of its addresses is tried in turn (the server is on 127.0.0.1 only).
    assert download(url, Allowed.parse(["localhost"]), deadline=5.0) == OK_PNG


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@127.0.0.1:{port}/ok.png",
        "http://user@127.0.0.1:{port}/ok.png",
        "http://:secret@127.0.0.1:{port}/ok.png",
    ],
)
def test_an_address_with_credentials_is_not_fetched(server: ImageServer, url: str) -> None:
    why = reason(download(url.format(port=server.port), LOCAL))
    assert "user name or password" in why
    assert server.total == 0


@pytest.mark.parametrize("port", ["99999", "65536", "port", "-1"])
def test_a_port_that_is_not_a_port_is_refused(port: str) -> None:
    why = reason(download(f"http://127.0.0.1:{port}/ok.png", LOCAL))
    assert "port is not a number from 0 to 65535" in why


def test_an_address_without_a_host_is_refused() -> None:
    assert "names no host" in reason(download("http:///ok.png", LOCAL))


def test_a_closed_port_says_the_download_failed() -> None:
    why = reason(download(f"http://127.0.0.1:{closed_port()}/ok.png", LOCAL, deadline=5.0))
    assert why.startswith("the download failed (") and "refused" in why.lower()


def test_https_to_a_server_that_speaks_no_tls_fails_with_a_reason(server: ImageServer) -> None:
    why = reason(download(f"https://127.0.0.1:{server.port}/ok.png", LOCAL, deadline=5.0))
    assert why.startswith("the download failed (")
    assert server.hits["/ok.png"] == 0


# --- the address policy, on literal addresses (no connection) ------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("169.254.169.254", "link-local"),
        ("127.0.0.1", "loopback"),
        ("127.5.5.5", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "not a public address"),  # carrier-grade NAT
        ("0.0.0.0", ""),
        ("255.255.255.255", ""),
        ("224.0.0.1", "not a public address"),  # multicast
        ("::", ""),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("2002:7f00:0001::", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::", "link-local"),  # 6to4 of 169.254.169.254
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback"),  # Teredo, client 127.0.0.1
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("ff02::1", "not a public address"),  # multicast
        ("2001:db8::1", ""),  # documentation
    ],
)
def test_non_public_addresses_are_refused(address: str, kind: str) -> None:
    why = refusal(ipaddress.ip_address(address))
    assert why is not None, f"{address} was taken for a public address"
    assert kind in why


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_addresses_are_admitted(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_ipv6_site_local_addresses_are_refused() -> None:
    assert refusal(ipaddress.ip_address("fec0::1")) is not None


@pytest.mark.parametrize(
    ("wrapped", "inner"),
    [
        ("::ffff:169.254.169.254", "169.254.169.254"),
        ("64:ff9b::a9fe:a9fe", "169.254.169.254"),
        ("2002:7f00:0001::", "127.0.0.1"),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1"),
        ("2606:4700::1111", "2606:4700::1111"),
        ("10.0.0.1", "10.0.0.1"),
    ],
)
def test_unwrapped_finds_the_ipv4_address_an_ipv6_one_stands_for(wrapped: str, inner: str) -> None:
    assert unwrapped(ipaddress.ip_address(wrapped)) == ipaddress.ip_address(inner)


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f000001", "127.1", "0177.0.0.1", "0x7f.1", "017700000001"]
)
def test_numeric_forms_of_loopback_are_read_without_a_lookup(host: str) -> None:
    assert addresses(host, 80) == [ipaddress.ip_address("127.0.0.1")]


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f000001", "127.1", "0177.0.0.1", "[::ffff:7f00:1]", "[::1]"]
)
def test_numeric_forms_of_loopback_are_refused_without_connecting(
    server: ImageServer, connections: list[list[Address]], host: str
) -> None:
    why = reason(download(f"http://{host}:{server.port}/ok.png", Allowed()))
    assert "is a loopback address" in why
    assert server.total == 0 and connections == []


def test_allowed_parses_names_addresses_and_networks() -> None:
    entries = [" Images.Example.COM. ", "127.0.0.1", "10.0.0.0/8", "fd00::/8", "[::1]"]
    allowed = Allowed.parse(entries)
    assert allowed.names == frozenset({"images.example.com"})
    assert allowed.admits("images.example.com", ipaddress.ip_address("192.168.9.9"))
    assert allowed.admits("IMAGES.example.com.", ipaddress.ip_address("192.168.9.9"))
    assert allowed.admits("anything", ipaddress.ip_address("127.0.0.1"))
    assert not allowed.admits("anything", ipaddress.ip_address("127.0.0.2"))
    assert allowed.admits("anything", ipaddress.ip_address("10.1.2.3"))
    assert allowed.admits("anything", ipaddress.ip_address("10.255.255.255"))
    assert not allowed.admits("anything", ipaddress.ip_address("11.0.0.1"))
    assert allowed.admits("anything", ipaddress.ip_address("fd00::1"))
    assert allowed.admits("anything", ipaddress.ip_address("::1"))
    assert not allowed.admits("other.example.com", ipaddress.ip_address("192.168.9.9"))


def test_an_address_with_host_bits_is_taken_as_its_network() -> None:
    assert Allowed.parse(["10.1.2.3/16"]).networks == (ipaddress.ip_network("10.1.0.0/16"),)


def test_nothing_is_admitted_by_an_empty_allow_list() -> None:
    assert not Allowed().admits("localhost", ipaddress.ip_address("127.0.0.1"))
    assert Allowed.parse([]) == Allowed()


@pytest.mark.parametrize(
    "entry", ["10.0.0.0/33", "::1/129", "", "   ", "two words", "http://x.test", "x.test:80", "a/b"]
)
def test_allowed_refuses_what_is_not_a_host_an_address_or_a_network(entry: str) -> None:
    with pytest.raises(ValueError, match="not a host name, an address or a network"):
        Allowed.parse(["127.0.0.1", entry])


# --- the download cache ---------------------------------------------------------------------


def test_a_second_load_comes_from_the_cache(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    downloads = Downloads(allowed=LOCAL, cache=cache)
    url = server.url("/ok.png")
    first = load_picture(url, place, downloads)
    second = load_picture(url, place, downloads)
    assert isinstance(first, Picture) and first == second
    assert server.hits["/ok.png"] == 1
    # Content addressed: urls/<sha256(allow-list, url)> names the content; content/xx/<sha256>
    # holds it.
    entries, blobs = cache_files(cache)
    content = sha256(OK_PNG)
    assert entries == [cache / "urls" / sha256(f"2\n{LOCAL.signature()}\n{url}".encode())]
    assert entries[0].read_text(encoding="ascii").strip() == content
    assert blobs == [cache / "content" / content[:2] / content]
    assert blobs[0].read_bytes() == OK_PNG


def test_an_image_cached_under_an_allow_list_is_not_served_without_it(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    """A trusted run may fetch from an allowed intranet host into a cache that a pull
    request's run shares: that run must not get the image from the cache."""
    cache = tmp_path / "cache"
    url = server.url("/ok.png")
    assert isinstance(load_picture(url, place, Downloads(allowed=LOCAL, cache=cache)), Picture)
    for offline in (False, True):
        why = load_picture(url, place, Downloads(cache=cache, offline=offline))
        assert isinstance(why, str)
        assert ("--offline" in why) if offline else ("loopback" in why)
    assert server.hits["/ok.png"] == 1
    again = Downloads(allowed=Allowed.parse(["127.0.0.0/8", "127.0.0.1"]), cache=cache)
    assert isinstance(load_picture(url, place, again), Picture)  # another list: fetched anew
    assert server.hits["/ok.png"] == 2


def test_two_addresses_with_the_same_content_share_one_blob(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    downloads = Downloads(allowed=LOCAL, cache=cache)
    for url in (server.url("/ok.png"), server.url("/ok.png?copy=2")):
        assert isinstance(load_picture(url, place, downloads), Picture)
    entries, blobs = cache_files(cache)
    assert len(entries) == 2 and len(blobs) == 1


@pytest.mark.parametrize("damage", [b"damaged", OK_PNG[:-10] + b"tampered!!"])
def test_a_damaged_blob_is_downloaded_again_and_repaired(
    server: ImageServer, place: Place, tmp_path: Path, damage: bytes
) -> None:
    cache = tmp_path / "cache"
    downloads = Downloads(allowed=LOCAL, cache=cache)
    url = server.url("/ok.png")
    assert isinstance(load_picture(url, place, downloads), Picture)
    _, [blob] = cache_files(cache)
    blob.write_bytes(damage)
    picture = load_picture(url, place, downloads)  # downloaded again
    assert isinstance(picture, Picture) and (picture.width, picture.height) == (40, 30)
    assert isinstance(load_picture(url, place, downloads), Picture)  # ...and then cached
    assert server.hits["/ok.png"] == 2
    assert blob.read_bytes() == OK_PNG


def test_a_damaged_address_entry_is_downloaded_again(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    downloads = Downloads(allowed=LOCAL, cache=cache)
    url = server.url("/ok.png")
    assert isinstance(load_picture(url, place, downloads), Picture)
    [entry], _ = cache_files(cache)
    entry.write_text("not a hash\n", encoding="ascii")
    assert isinstance(load_picture(url, place, downloads), Picture)
    assert server.hits["/ok.png"] == 2
    assert entry.read_text(encoding="ascii").strip() == sha256(OK_PNG)  # rewritten


def test_offline_a_cache_miss_is_a_reason_naming_offline(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    for cache in (tmp_path / "empty-cache", None):
        downloads = Downloads(allowed=LOCAL, cache=cache, offline=True)
        why = reason(load_picture(server.url("/ok.png"), place, downloads))
        assert "not in the download cache" in why and "--offline" in why
    assert server.total == 0


def test_offline_a_cached_image_is_used(server: ImageServer, place: Place, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    url = server.url("/ok.png")
    assert isinstance(load_picture(url, place, Downloads(allowed=LOCAL, cache=cache)), Picture)
    server.close()
    # Offline, under the same allow-list: the cache alone answers.
    picture = load_picture(url, place, Downloads(allowed=LOCAL, cache=cache, offline=True))
    assert isinstance(picture, Picture) and picture.data.startswith(b"\x89PNG")
    assert server.hits["/ok.png"] == 1


# --- what the server answers -----------------------------------------------------------------


def test_a_404_is_a_reason_with_the_status(server: ImageServer, place: Place) -> None:
    why = reason(load_picture(server.url("/missing"), place, Downloads(allowed=LOCAL)))
    assert "the server answered 404 Not Found" in why
    assert server.hits["/missing"] == 1


def test_an_html_page_sent_as_png_is_refused_and_not_cached(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    downloads = Downloads(allowed=LOCAL, cache=cache)
    assert download(server.url("/html-as-png"), LOCAL) == HTML  # the body itself arrives...
    why = reason(load_picture(server.url("/html-as-png"), place, downloads))
    assert "an HTML page" in why  # ...and is refused by its content, not its Content-Type
    assert cache_files(cache) == ([], [])
    reason(load_picture(server.url("/html-as-png"), place, downloads))
    assert server.hits["/html-as-png"] == 3  # not cached: asked again


def test_a_gzip_encoded_image_is_decoded(server: ImageServer) -> None:
    assert download(server.url("/ok.png.gz"), LOCAL) == OK_PNG


def test_a_redirect_without_a_location_is_a_reason(server: ImageServer) -> None:
    why = reason(download(server.url("/redirect-nowhere"), LOCAL))
    assert "302 without saying where to go" in why


# --- the deadline --------------------------------------------------------------------------


def test_a_trickling_body_is_cut_off_at_the_deadline(server: ImageServer, place: Place) -> None:
    """The server would trickle for a minute; the download gives up after about a second."""
    started = time.monotonic()
    downloads = Downloads(allowed=LOCAL, deadline=1.0)
    why = reason(within(10.0, lambda: load_picture(server.url("/slow"), place, downloads)))
    elapsed = time.monotonic() - started
    assert "the download took longer than 1 s" in why
    assert 0.9 <= elapsed < 5.0
    # The connection was closed, not left open: the server's next byte finds no one.
    ends = time.monotonic() + 3.0
    while server.abandoned["/slow"] == 0 and time.monotonic() < ends:
        time.sleep(0.05)
    assert server.abandoned["/slow"] == 1


def test_trickling_headers_are_cut_off_at_the_deadline(server: ImageServer) -> None:
    started = time.monotonic()
    why = reason(within(10.0, lambda: download(server.url("/slow-headers"), LOCAL, deadline=0.5)))
    assert "the download took longer than 0.5 s" in why
    assert time.monotonic() - started < 4.0


def test_a_hanging_name_lookup_is_cut_off_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A resolver that never answers costs the deadline, not the resolver's own timeout."""
    release = threading.Event()
    real = socket.getaddrinfo

    def hanging(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "hangs.example.test" and not kwargs.get("flags", 0) & socket.AI_NUMERICHOST:
            release.wait(30.0)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    started = time.monotonic()
    try:
        why = reason(within(10.0, lambda: download("http://hangs.example.test/a.png", LOCAL, 0.5)))
    finally:
        release.set()  # let the lookup's thread end
    assert "the download took longer than 0.5 s" in why
    assert time.monotonic() - started < 4.0


def test_a_name_that_does_not_resolve_is_a_reason(place: Place) -> None:
    """The seed's own address: no name resolves in the tests (see conftest's no_network)."""
    why = reason(load_picture(SEED_URL, place, Downloads(allowed=LOCAL, deadline=5.0)))
    assert why.startswith("cannot download it: the host d1.awsstatic.com cannot be looked up")


def test_the_deadline_covers_the_whole_redirect_chain(
    server: ImageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each hop is quick, but together they pass the deadline: the download stops."""
    real = remote.fetch

    def slow_fetch(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.2)
        return real(*args, **kwargs)

    monkeypatch.setattr(remote, "fetch", slow_fetch)
    why = reason(within(10.0, lambda: download(server.url("/redirect/5"), LOCAL, deadline=0.5)))
    assert "longer than 0.5 s" in why
    assert server.hits["/ok.png"] == 0


# --- size limits ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/big", "/big-no-length", "/big-chunked-lying", "/big-claims"])
def test_a_body_over_the_limit_is_refused(server: ImageServer, path: str) -> None:
    why = reason(download(server.url(path), LOCAL, limit=BIG // 20))
    assert why.startswith("it is larger than")


def test_a_body_is_never_read_past_its_content_length(server: ImageServer) -> None:
    """``Content-Length: 100``, then far more: at most the 100 bytes said are read."""
    result = download(server.url("/big-lying"), LOCAL, limit=BIG // 20)
    assert isinstance(result, str) or len(result) <= 100


def test_a_body_at_the_limit_is_accepted(server: ImageServer) -> None:
    assert download(server.url("/ok.png"), LOCAL, limit=len(OK_PNG)) == OK_PNG
    assert "larger than" in reason(download(server.url("/ok.png"), LOCAL, limit=len(OK_PNG) - 1))


@pytest.mark.parametrize(
    ("limit", "said"), [(10_000, "10 kB"), (1_500, "1.5 kB"), (900, "900 bytes"), (2 * BIG, "")]
)
def test_the_size_refusal_names_the_limit_truthfully(
    server: ImageServer, limit: int, said: str
) -> None:
    """Not 'larger than 0 MB' for a limit under a megabyte."""
    result = download(server.url("/big"), LOCAL, limit=limit)
    if limit >= BIG:
        assert result == b"\0" * BIG
    else:
        assert reason(result) == f"it is larger than {said}"


def test_a_gzip_bomb_is_refused_at_the_default_limit(server: ImageServer, place: Place) -> None:
    """Some 60 kB on the wire that inflate to 60 MB: stopped at 50 MB, not inflated in full."""
    why = reason(load_picture(server.url("/gzip-bomb"), place, Downloads(allowed=LOCAL)))
    assert "it is larger than 50 MB" in why


def test_a_gzip_bomb_is_refused_at_a_small_limit(server: ImageServer) -> None:
    why = reason(download(server.url("/gzip-bomb"), LOCAL, limit=1_000_000))
    assert why == "it is larger than 1 MB"


def test_what_follows_a_gzip_stream_counts_against_the_limit(server: ImageServer) -> None:
    """A small gzip member, then far more bytes that inflate to nothing: not read forever."""
    assert download(server.url("/ok.png.gz"), LOCAL, limit=BIG // 20) == OK_PNG
    why = reason(download(server.url("/gzip-trailing"), LOCAL, limit=BIG // 20))
    assert why.startswith("it is larger than")


def test_a_body_that_is_not_the_gzip_it_claims_is_a_reason(server: ImageServer) -> None:
    """Once a crash (an uncaught ``zlib.error``): now a reason like any other."""
    why = reason(download(server.url("/bad-gzip"), LOCAL))
    assert why == "the server said it sent gzip data, but it is not"


def test_a_bad_gzip_body_fails_only_its_image_not_the_lesson(
    server: ImageServer,
    write_lesson: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The image is a placeholder with a warning; the lesson does not fail (exit 1)."""
    url = server.url("/bad-gzip")
    lesson = write_lesson(lesson_with_images(url))
    cache = str(tmp_path / "cache")
    flags = ("--format", "pptx", "--allow-host", "127.0.0.1", "--cache-dir", cache)
    assert build(lesson, tmp_path / "out", *flags) == 0
    assert (
        f"{lesson}:7: warning: image '{url}' is shown as a placeholder: cannot download it: "
        "the server said it sent gzip data, but it is not"
    ) in capsys.readouterr().err
    assert "Image not available" in slide_texts(last_slide(tmp_path / "out" / "lesson.pptx"))


# --- redirects -----------------------------------------------------------------------------


@pytest.mark.parametrize("hops", [1, 3, MAX_REDIRECTS])
def test_a_chain_of_redirects_is_followed(server: ImageServer, place: Place, hops: int) -> None:
    picture = load_picture(server.url(f"/redirect/{hops}"), place, Downloads(allowed=LOCAL))
    assert isinstance(picture, Picture)
    assert [server.hits[f"/redirect/{n}"] for n in range(1, hops + 1)] == [1] * hops
    assert server.hits["/ok.png"] == 1


def test_more_than_five_redirects_are_not_followed(server: ImageServer) -> None:
    why = reason(download(server.url(f"/redirect/{MAX_REDIRECTS + 1}"), LOCAL))
    assert f"the server redirected more than {MAX_REDIRECTS} times" in why
    assert server.hits["/ok.png"] == 0  # the sixth redirect, to it, was not followed
    assert server.hits["/redirect/1"] == 1


def test_a_redirect_to_the_metadata_service_is_refused_without_connecting(
    server: ImageServer, connections: list[list[Address]]
) -> None:
    why = reason(download(server.url("/to-metadata"), LOCAL, deadline=5.0))
    assert "169.254.169.254 is a link-local address" in why
    assert "--allow-host" not in why  # no hint to open the metadata service
    assert server.hits["/to-metadata"] == 1
    assert connections == [[ipaddress.ip_address("127.0.0.1")]]  # the first hop only


@pytest.mark.parametrize(
    ("location", "kind"),
    [
        ("//169.254.169.254/latest/meta-data/", "link-local"),  # scheme-relative
        ("http://2852039166/latest/meta-data/", "link-local"),  # 169.254.169.254 as a number
        ("http://[::ffff:169.254.169.254]/", "link-local"),
        ("http://[64:ff9b::a9fe:a9fe]/", "link-local"),
        ("http://10.0.0.1/", "private"),
        ("http://127.0.0.2:{port}/ok.png", "loopback"),
    ],
)
def test_every_hop_of_a_redirect_is_checked(
    server: ImageServer, connections: list[list[Address]], location: str, kind: str
) -> None:
    target = location.format(port=server.port)
    why = reason(
        download(server.url(f"/to?location={quote(target, safe='')}"), LOCAL, deadline=5.0)
    )
    assert kind in why
    assert ("--allow-host" in why) is (kind != "link-local")  # never a hint to open metadata
    assert len(connections) == 1
    assert server.hits["/ok.png"] == 0


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x.png"])
def test_a_redirect_to_another_scheme_is_refused(server: ImageServer, location: str) -> None:
    path = (
        "/to-file" if location.startswith("file:") else f"/to?location={quote(location, safe='')}"
    )
    why = reason(download(server.url(path), LOCAL))
    scheme = location.split(":", 1)[0]
    assert f"a redirect to a {scheme}: address is not followed" in why


def test_a_redirect_to_file_through_load_picture(server: ImageServer, place: Place) -> None:
    why = reason(load_picture(server.url("/to-file"), place, Downloads(allowed=LOCAL)))
    assert why.startswith("cannot download it:") and "file:" in why


# --- a lesson's images ---------------------------------------------------------------------


def test_a_lessons_remote_images_download_at_once(
    server: ImageServer, write_lesson: Callable[..., Path], tmp_path: Path
) -> None:
    """The server answers ``/together/`` only once two such requests are in flight."""
    urls = [server.url(f"/together/{name}.png") for name in ("a", "b", "c")]
    lesson = write_lesson(lesson_with_images(*urls))
    downloads = Downloads(allowed=LOCAL, cache=tmp_path / "cache")
    started = time.monotonic()
    pictures, problems = within(
        3 * TOGETHER_WAIT,
        lambda: load_pictures(deck_of(lesson), Place(lesson.parent, lesson.parent), downloads),
    )
    assert sorted(pictures) == sorted(urls)
    assert problems == []
    assert server.peak_together >= TOGETHER
    assert time.monotonic() - started < TOGETHER_WAIT


def test_an_image_shown_twice_is_downloaded_once_and_reported_once(
    server: ImageServer, write_lesson: Callable[..., Path]
) -> None:
    good, bad = server.url("/ok.png"), server.url("/missing")
    lesson = write_lesson(lesson_with_images(good, bad, good, bad))
    place = Place(lesson.parent, lesson.parent)
    pictures, problems = load_pictures(deck_of(lesson), place, Downloads(allowed=LOCAL))
    assert list(pictures) == [good]
    assert server.hits["/ok.png"] == 1 and server.hits["/missing"] == 1
    assert [p.message for p in problems if "404" in p.message] == [
        f"image {bad!r} is shown as a placeholder: cannot download it: "
        "the server answered 404 Not Found"
    ]


# --- the seed lesson, end to end -----------------------------------------------------------


def pdf_images(pdf: Path) -> list[tuple[int, int, int]]:
    """Return (page, width, height) of each image in ``pdf`` (poppler's pdfimages)."""
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    return [(int(row[0]), int(row[3]), int(row[4])) for row in rows if row[2] == "image"]


def last_slide(deck: Path) -> Any:
    return list(Presentation(str(deck)).slides)[-1]


def descriptions(slide: Any) -> list[str | None]:
    """Return the description (alt text) of each picture on ``slide``."""
    return [
        shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
        for shape in slide.shapes
        if isinstance(shape, PptxPicture)
    ]


@pytest.fixture
def seed_course(tmp_path: Path, server: ImageServer) -> tuple[Path, str]:
    """The seed lesson in a course of its own, its remote image on the test server."""
    lesson = tmp_path / "course" / "section-14" / "lesson-1.md"
    lesson.parent.mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8")
    assert text.splitlines()[SEED_LINE - 1] == f"![{SEED_ALT}]({SEED_URL})"
    url = server.url("/photo.jpg")
    lesson.write_text(text.replace(SEED_URL, url), encoding="utf-8")
    return lesson, url


def test_the_seed_lesson_downloads_caches_and_falls_back_offline(
    seed_course: tuple[Path, str],
    server: ImageServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    need_tool("pdfimages", "pdftotext", "pdfinfo")
    lesson, url = seed_course
    cache = tmp_path / "cache"
    formats = ("--format", "pptx,pdf")

    # Online, allowed: the photo is on the last slide of the deck and of the slide PDF.
    out = tmp_path / "online"
    assert build(lesson, out, *formats, "--allow-host", "127.0.0.1", "--cache-dir", str(cache)) == 0
    assert "warning: image" not in capsys.readouterr().err
    assert server.hits["/photo.jpg"] == 1
    assert descriptions(last_slide(out / "lesson-1.pptx")) == [SEED_ALT]
    pdf = out / "lesson-1.pdf"
    last = page_count(pdf)
    assert (last, 320, 240) in pdf_images(pdf)
    assert "Image not available" not in page_text(pdf, last)

    # The server gone, the cache still has the photo (online, and offline).
    server.close()
    for flags in ((), ("--offline",)):
        again = tmp_path / ("cached" + "".join(flags))
        status = build(
            lesson, again, *formats, "--allow-host", "127.0.0.1", "--cache-dir", str(cache), *flags
        )
        assert status == 0
        assert "warning: image" not in capsys.readouterr().err
        assert descriptions(last_slide(again / "lesson-1.pptx")) == [SEED_ALT]
        assert (last, 320, 240) in pdf_images(again / "lesson-1.pdf")
    assert server.hits["/photo.jpg"] == 1

    # Offline with an empty cache: exported all the same, a placeholder and a warning.
    offline = tmp_path / "offline"
    empty = tmp_path / "empty-cache"
    assert build(lesson, offline, *formats, "--offline", "--cache-dir", str(empty)) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "warning: image" in line]
    assert warnings == [
        f"{lesson}:{SEED_LINE}: warning: image '{url}' is shown as a placeholder: it is not in "
        "the download cache, and --offline allows no download"
    ]
    slide = last_slide(offline / "lesson-1.pptx")
    assert descriptions(slide) == []
    assert "Image not available" in slide_texts(slide)
    pdf = offline / "lesson-1.pdf"
    assert page_count(pdf) == last
    assert "Image not available" in page_text(pdf, last)
    assert [image for image in pdf_images(pdf) if image[0] == last] == []
    assert server.hits["/photo.jpg"] == 1


def test_offline_a_lesson_whose_image_is_still_not_cached_is_up_to_date(
    seed_course: tuple[Path, str],
    server: ImageServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lesson, _ = seed_course
    cache, out, report = tmp_path / "cache", tmp_path / "out", tmp_path / "report.json"
    flags = ("--format", "pptx", "--offline", "--cache-dir", str(cache), "--report", str(report))

    def status() -> str:
        [only] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
        return str(only["status"])

    assert build(lesson, out, *flags) == 0
    assert status() == "exported"
    deck = (out / "lesson-1.pptx").read_bytes()
    # The cache as it was: the lesson would show the same placeholder, so it is up to date,
    # and its warning is told again.
    assert build(lesson, out, *flags) == 0
    assert status() == "skipped"
    assert "not in the download cache" in capsys.readouterr().err
    assert (out / "lesson-1.pptx").read_bytes() == deck
    # The image now in the cache (an online build elsewhere put it there): exported again,
    # with the picture.
    online = ("--format", "pptx", "--allow-host", "127.0.0.1", "--cache-dir", str(cache))
    assert build(lesson, tmp_path / "online", *online) == 0
    assert build(lesson, out, *flags, "--allow-host", "127.0.0.1") == 0
    assert status() == "exported"
    assert descriptions(last_slide(out / "lesson-1.pptx")) == [SEED_ALT]
    assert server.hits["/photo.jpg"] == 1


def test_the_seed_image_is_refused_without_allow_host(
    seed_course: tuple[Path, str],
    server: ImageServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lesson, url = seed_course
    status = build(
        lesson, tmp_path / "out", "--format", "pptx", "--cache-dir", str(tmp_path / "cache")
    )
    assert status == 0
    err = capsys.readouterr().err
    assert f"{lesson}:{SEED_LINE}: warning: image '{url}' is shown as a placeholder" in err
    assert "127.0.0.1 is a loopback address" in err and "--allow-host 127.0.0.1" in err
    assert server.total == 0
    assert "Image not available" in slide_texts(last_slide(tmp_path / "out" / "lesson-1.pptx"))


# --- the command line and the configuration ------------------------------------------------


@pytest.mark.parametrize("entry", ["10.0.0.0/33", "host:80", "two words"])
def test_a_bad_allow_host_is_a_usage_error(
    entry: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(SEED, tmp_path / "out", "--allow-host", entry) == 2
    assert "--allow-host" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.fixture
def project(tmp_path: Path, server: ImageServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the current one, with a lesson showing an image of the test server."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "lesson.md").write_text(lesson_with_images(server.url("/ok.png")), encoding="utf-8")
    monkeypatch.chdir(folder)
    return folder


def test_allow_hosts_in_lesson_export_toml_allows_the_download(
    project: Path, server: ImageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "lesson-export.toml").write_text(
        'allow_hosts = ["127.0.0.1"]\ncache_dir = "cache"\nformats = ["pptx"]\n', encoding="utf-8"
    )
    assert build("lesson.md", "out") == 0
    assert "warning" not in capsys.readouterr().err
    assert server.hits["/ok.png"] == 1
    assert descriptions(last_slide(project / "out" / "lesson.pptx")) == ["image 1"]
    entries, blobs = cache_files(project / "cache")  # cache_dir, relative to the project
    assert len(entries) == 1 and blobs[0].read_bytes() == OK_PNG


def test_allow_hosts_in_pyproject_toml_allows_the_download(
    project: Path, server: ImageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.lesson-export]\nallow_hosts = "127.0.0.0/8"\ncache_dir = "cache"\n',
        encoding="utf-8",
    )
    assert build("lesson.md", "out", "--format", "pptx") == 0
    assert "warning" not in capsys.readouterr().err
    assert server.hits["/ok.png"] == 1


def test_without_allow_hosts_the_configured_project_is_refused(
    project: Path, server: ImageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "lesson-export.toml").write_text('cache_dir = "cache"\n', encoding="utf-8")
    assert build("lesson.md", "out", "--format", "pptx") == 0
    assert "is a loopback address" in capsys.readouterr().err
    assert server.total == 0


def test_offline_in_the_configuration_downloads_nothing(
    project: Path, server: ImageServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "lesson-export.toml").write_text(
        'allow_hosts = ["127.0.0.1"]\ncache_dir = "cache"\noffline = true\n', encoding="utf-8"
    )
    assert build("lesson.md", "out", "--format", "pptx") == 0
    assert "--offline allows no download" in capsys.readouterr().err
    assert server.total == 0


def test_a_bad_allow_hosts_in_the_configuration_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "lesson-export.toml").write_text('allow_hosts = ["10.0.0.0/33"]\n', encoding="utf-8")
    assert build("lesson.md", "out", "--format", "pptx") == 2
    assert "10.0.0.0/33" in capsys.readouterr().err


def test_the_default_cache_is_the_users_cache_folder(
    project: Path, server: ImageServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_cache = project / "user-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(user_cache))
    for out in ("out-1", "out-2"):
        assert build("lesson.md", out, "--format", "pptx", "--allow-host", "127.0.0.1") == 0
    assert server.hits["/ok.png"] == 1
    entries, _ = cache_files(user_cache / "lesson-export" / "images")
    assert len(entries) == 1


def test_a_lessons_downloads_share_one_budget(server: ImageServer, place: Place) -> None:
    """Slow servers cost a lesson its budget in all, not 20 s per image."""
    urls = [server.url(f"/slow?n={n}") for n in range(6)]
    downloads = Downloads(allowed=LOCAL, deadline=30.0, budget=1.0)
    done: dict[str, Picture | str] = {}
    worker = threading.Thread(target=lambda: done.update(load_all(urls, place, downloads)))
    worker.start()
    worker.join(15)
    assert not worker.is_alive(), "the budget did not end the downloads"
    reasons = [done[url] for url in urls]
    budget = "cannot download it: the lesson's downloads took longer than 1 s"
    assert all(r == budget for r in reasons), reasons


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/é.png", "404"),  # sent as Latin-1 by the server: read back, quoted, not found
        ("http://[::1/x.png", "is not valid"),
        ("http://[::1]:99999/x.png", "port"),
    ],
)
def test_an_odd_redirect_is_a_reason(server: ImageServer, location: str, expected: str) -> None:
    why = reason(download(server.url(f"/to?location={quote(location, safe='')}"), LOCAL))
    assert expected in why


def test_an_ipv6_host_that_markdown_percent_encoded_is_read_as_written() -> None:
    why = reason(download("http://%5B::ffff:169.254.169.254%5D/latest", Allowed()))
    assert "::ffff:169.254.169.254 is a link-local address" in why


def test_a_cache_entry_of_the_old_form_is_not_read(
    server: ImageServer, place: Place, tmp_path: Path
) -> None:
    """Before the cache kept allow-lists apart, an entry was keyed by its address alone: such
    an entry, maybe filled under an allow-list, must not be served to a run without one."""
    cache = tmp_path / "cache"
    url = server.url("/ok.png")
    blob = cache / "content" / sha256(OK_PNG)[:2] / sha256(OK_PNG)
    blob.parent.mkdir(parents=True)
    blob.write_bytes(OK_PNG)
    (cache / "urls").mkdir()
    (cache / "urls" / sha256(url.encode())).write_text(sha256(OK_PNG) + "\n", encoding="ascii")
    why = load_picture(url, place, Downloads(cache=cache, offline=True))
    assert isinstance(why, str) and "--offline" in why


def test_a_wildcard_is_not_a_host_name() -> None:
    with pytest.raises(ValueError, match="wildcards"):
        Allowed.parse(["*.example.com"])
