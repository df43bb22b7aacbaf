"""resources: which hosts a download may reach: public addresses, and those the user allows.

A lesson that arrives in a pull request is untrusted, and a CI machine sits beside things it
must not reach: the cloud's metadata service, the school's intranet, the machine's own
services. So an address is judged after the name is looked up (a name that resolves to
127.0.0.1 is refused like 127.0.0.1 itself), and IPv4 addresses written as IPv6 (mapped, 6to4,
Teredo, NAT64) or in numeric forms such as ``2130706433`` are judged as the IPv4 address they
stand for. Hosts and networks the user allows (``--allow-host``) are exempt.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterable
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

DEADLINE = 20.0
"""The most seconds a download may take, from the first lookup to the last byte."""
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
"""IPv6 addresses that stand for IPv4 ones, through a NAT64 gateway."""


@dataclass(frozen=True)
class Allowed:
    """Hosts and networks a download may reach although they are not public."""

    names: frozenset[str] = frozenset()
    """Host names, lower case."""
    networks: tuple[Network, ...] = ()
    """Addresses and networks (an address is a network of one)."""

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Allowed:
        """Return the allow-list of ``entries``: names, addresses or CIDR networks.

        Raises ``ValueError`` naming an entry that is none of these.
        """
        names, networks = set(), []
        for entry in (item.strip() for item in entries):
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            if not entry or "/" in entry or ":" in entry or any(c.isspace() for c in entry):
                raise ValueError(f"{entry!r} is not a host name, an address or a network")
            if "*" in entry:
                raise ValueError(f"{entry!r}: wildcards are not supported; name each host")
            names.add(entry.lower().rstrip("."))
        return cls(frozenset(names), tuple(networks))

    def signature(self) -> str:
        """Return the allow-list as one canonical line (empty when it allows nothing)."""
        return " ".join([*sorted(self.names), *sorted(map(str, set(self.networks)))])

    def admits(self, host: str, address: Address) -> bool:
        """Return whether ``host`` (as written in the address) at ``address`` is allowed."""
        if host.lower().rstrip(".") in self.names:
            return True
        return any(address.version == net.version and address in net for net in self.networks)


def unwrapped(address: Address) -> Address:
    """Return the IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo, NAT64)."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def refusal(address: Address) -> str | None:
    """Return what kind of non-public address ``address`` is (``is a loopback address``), or
    ``None`` when it is public."""
    inner = unwrapped(address)
    if inner.is_loopback:
        return "is a loopback address"
    if inner.is_link_local:
        return "is a link-local address (such as a cloud metadata service)"
    if inner.is_private or (isinstance(inner, ipaddress.IPv6Address) and inner.is_site_local):
        return "is a private network address"
    if inner.is_multicast or inner.is_unspecified or inner.is_reserved or not inner.is_global:
        return "is not a public address"
    return None


def addresses(host: str, port: int, wait: float = DEADLINE) -> list[Address] | str:
    """Return the addresses ``host`` has (a numeric form needs no lookup), or why none.

    The lookup runs in a thread of its own, so that a resolver that hangs costs no more than
    ``wait`` seconds; raises ``TimeoutError`` then.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except socket.gaierror:
        answer: list[object] = []
        lookup = threading.Thread(target=look_up, args=(host, port, answer), daemon=True)
        lookup.start()
        lookup.join(wait)
        if not answer:
            raise TimeoutError from None
        if isinstance(answer[0], str):
            return answer[0]
        infos = answer[0]  # type: ignore[assignment]
    except (UnicodeError, ValueError) as exc:
        return f"the host name {host!r} is not valid ({exc.__class__.__name__})"
    found = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    return list(dict.fromkeys(found))


def look_up(host: str, port: int, answer: list[object]) -> None:
    """Append to ``answer`` what the resolver says of ``host``: its addresses, or why none."""
    try:
        answer.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
    except socket.gaierror as exc:
        answer.append(f"the host {host} cannot be looked up ({exc.strerror or exc})")
    except (UnicodeError, ValueError) as exc:
        answer.append(f"the host name {host!r} is not valid ({exc.__class__.__name__})")


def literal(host: str) -> Address | None:
    """Return the address ``host`` is written as, or ``None`` for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None
