"""Web addresses: http(s) IRIs as RFC 3987 writes them, checked by hand.

The grammar, for the two schemes we accept (RFC 3987 section 2.2; RFC 3986 for the rest)::

    IRI        = ("http" / "https") "://" ihost [ ":" port ] *( "/" isegment ) [ "?" iquery ] [ "#" ifragment ]
    ihost      = "[" IPv6address "]" / 1*( iunreserved / pct-encoded / sub-delims )
    isegment   = *( iunreserved / pct-encoded / sub-delims / ":" / "@" )
    iquery     = *( ipchar / iprivate / "/" / "?" );  ifragment = *( ipchar / "/" / "?" )
    iunreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" / ucschar

The scheme is matched in any case (``HTTPS://`` too) and the address is kept as given. Stricter
than the RFC, each on purpose: no user before the host (``user@``: RFC 9110 forbids sending one
in an http(s) address, and ``https://evil.example\\@good.example/`` is one host to a browser and
another to ``urllib``), an IPv6 address only between brackets (not RFC 3986's ``IPvFuture``), no
white space or invisible format character anywhere (RFC 3987 section 4.1 already refuses the
bidirectional controls), and at most ``MAX_WEB_ADDRESS`` characters. A library was weighed:
``rfc3987`` is GPL-licensed and unmaintained since 2018, ``rfc3986``/``rfc3986-validator`` check
URIs (ASCII) and not IRIs, and ``rfc3987-syntax`` brings a parser generator (``lark``) for one
field; the grammar for http(s) is this small.
"""

from __future__ import annotations

import ipaddress
import re

from .base import unprintable

__all__ = ["MAX_WEB_ADDRESS", "web_address_problem"]

MAX_WEB_ADDRESS = 2048
"""The most characters a web address may have: what browsers, sitemaps and search engines keep to."""

_UCSCHAR = (  # RFC 3987's ucschar: what is not a control, a surrogate, private use or a non-character
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
    + "".join(f"{chr(plane << 16)}-{chr(plane << 16 | 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd"
)
_IPRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_SUB_DELIMS = "!$&'()*+,;="
_IUNRESERVED = "A-Za-z0-9\\-._~" + _UCSCHAR
_ANY = re.compile(f"[^{_IUNRESERVED}{re.escape(_SUB_DELIMS)}:/?#\\[\\]@%{_IPRIVATE}]")  # no IRI holds it
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_PARTS = re.compile(r"([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?", re.DOTALL)  # authority, path, query, fragment
_NOT_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")
_PRIVATE = re.compile(f"[{_IPRIVATE}]")
_HOST = re.compile(f"[{_IUNRESERVED}{re.escape(_SUB_DELIMS)}%]+")
_ONLY = (("[", "around an IPv6 host"), ("]", "around an IPv6 host"), ("#", "once, to start the fragment"))
_WHY = {"\\": "browsers read it as '/'"}  # why a character is refused, where there is more to say


def web_address_problem(value: str) -> str | None:
    """Why ``value`` is no http(s) IRI of at most ``MAX_WEB_ADDRESS`` characters, in words; None if it is one."""
    if len(value) > MAX_WEB_ADDRESS:
        return (
            f"a web address has at most {MAX_WEB_ADDRESS:,} characters, and this one has {len(value):,}; "
            "give the page's shorter address"
        )
    scheme = _SCHEME.match(value)
    if scheme is None:
        return "a web address starts with https:// or http://"
    bad = unprintable(value)
    if bad is not None:
        return f"a web address holds no spaces or invisible characters: {bad}; percent-encode it (a space is %20)"
    return _character_problem(value) or _structure_problem(value, scheme.end())


def _character_problem(value: str) -> str | None:
    """The first character that no IRI holds, or a ``%`` that starts no ``%XX``, in words."""
    found = _ANY.search(value)
    if found is not None:
        char = found.group()
        why = _WHY.get(char, "RFC 3987 allows it in no part of an address")
        return f"{char!r} at position {found.start()} is not allowed in a web address ({why}); {_encode(char)}"
    found = _NOT_PERCENT.search(value)
    if found is not None:
        return (
            f"'%' at position {found.start()} starts no percent-encoding (% and two hex digits); "
            "write a % itself as %25"
        )
    return None


def _structure_problem(value: str, start: int) -> str | None:
    """What is wrong with the host, port and parts (after ``start``, past the ``//``) of an address made only of
    IRI characters, in words."""
    parts = _PARTS.fullmatch(value, start)
    assert parts is not None  # every string matches: each part may be empty
    authority = parts.group(1)
    if "@" in authority:
        return (
            f"'@' at position {start + authority.index('@')} puts a user name before the host; browsers and other "
            "readers disagree on which host such an address names (RFC 9110 forbids sending one): give the address "
            "without it"
        )
    host, port = _host_and_port(authority)
    if host is None:
        return f"{authority!r} after the // is no host: an IPv6 address goes between [ and ], alone"
    if not host:
        return "a web address names a host after the //, such as https://example.com/news"
    if port and (not port.isascii() or not port.isdigit()):
        return f"the port {port!r} is no number: a port is digits, such as https://example.com:8443/"
    if port and int(port) > 65535:
        return f"the port {port} is out of range: a port is at most 65535"
    for group, name in ((2, "path"), (3, "query"), (4, "fragment")):
        if parts.group(group) is None:
            continue
        offset = parts.start(group) + (group != 2)  # the query's ? and the fragment's # are not their text
        text = parts.group(group)[group != 2 :]
        for char, where in _ONLY:
            if char in text:
                return (
                    f"{char!r} at position {offset + text.index(char)} is allowed only {where}, not in the {name}; "
                    f"{_encode(char)}"
                )
        private = _PRIVATE.search(text) if name != "query" else None
        if private is not None:
            return (
                f"{private.group()!r} at position {offset + private.start()} is a private-use character, "
                f"allowed only in the query (after ?); {_encode(private.group())}"
            )
    return None


def _host_and_port(authority: str) -> tuple[str | None, str]:
    """The host and the port (``""`` if none) of an authority; a host of None if it is malformed."""
    if authority.startswith("["):
        inside, closed, port = authority[1:].partition("]")
        if not closed or (port and not port.startswith(":")):
            return None, ""
        try:
            ipaddress.IPv6Address(inside)
        except ValueError:
            return None, ""
        return authority[: len(inside) + 2], port[1:]
    host, _, port = authority.partition(":")
    if host and _HOST.fullmatch(host) is None:
        return None, ""
    return host, port


def _encode(char: str) -> str:
    """How to write ``char`` in an address instead: its UTF-8 bytes percent-encoded."""
    encoded = "".join(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return f"percent-encode it as {encoded}"
