"""Releases: compliant shards, a ledger of every document, attribution, a signed manifest."""

from typing import TYPE_CHECKING

from provenance.imports import exported_on_first_use

if TYPE_CHECKING:
    from provenance.releasing.run import release
    from provenance.releasing.signing import keygen

__getattr__ = exported_on_first_use(
    __name__, {"release": "provenance.releasing.run", "keygen": "provenance.releasing.signing"}
)
__all__ = ["keygen", "release"]
