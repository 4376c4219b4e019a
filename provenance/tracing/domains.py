"""Host and registrable domain (eTLD+1) of URLs, from the offline public suffix list."""

from __future__ import annotations

from functools import cache

import polars as pl
from publicsuffixlist import PublicSuffixList

# scheme://[user@]host[:port]...  The host is lower-cased; IPv6 literals keep their brackets.
_HOST_PATTERN = r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)"


@cache
def _suffix_list() -> PublicSuffixList:
    return PublicSuffixList()


def host_expr(url: pl.Expr) -> pl.Expr:
    """The lower-cased host of a URL column (null when the URL has no host)."""
    return url.str.extract(_HOST_PATTERN, 1).str.to_lowercase().str.strip_chars_end(".")


def registrable_domain(host: str | None) -> str | None:
    """eTLD+1 of a host name (`www.bbc.co.uk` -> `bbc.co.uk`); IP addresses are kept as they are."""
    if not host:
        return None
    if host.startswith("[") or host.replace(".", "").isdigit():
        return host
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return host
    return _suffix_list().privatesuffix(host) or host


def registrable_domain_column(hosts: pl.Series) -> pl.Series:
    """Registrable domains for a column of hosts, computed once per distinct host."""
    mapping = {host: registrable_domain(host) for host in hosts.drop_nulls().unique().to_list()}
    return hosts.replace_strict(mapping, default=None, return_dtype=pl.String)
