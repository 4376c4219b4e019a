"""Releases: compliant shards, a ledger of every document, attribution, a signed manifest."""

from provenance.release.run import release
from provenance.release.signing import keygen

__all__ = ["keygen", "release"]
