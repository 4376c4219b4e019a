"""Licences: normalising declared licence values to SPDX expressions, with honest unknowns."""

from provenance.licenses.normalize import NormalizedLicense, normalize, normalize_values

__all__ = ["NormalizedLicense", "normalize", "normalize_values"]
