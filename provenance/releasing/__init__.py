"""Releases: compliant shards, a ledger of every document, attribution, a signed manifest."""

from provenance.releasing.run import release
from provenance.releasing.signing import keygen

__all__ = ["keygen", "release"]
