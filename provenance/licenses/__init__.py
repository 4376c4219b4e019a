"""Licences: the knowledge base, normalising declared values to SPDX, detecting grants in text."""

from provenance.licenses.detect import Detection, detect, detect_column
from provenance.licenses.knowledge import KnowledgeBase, knowledge_base
from provenance.licenses.normalize import (
    NormalizedLicense,
    expression_category,
    normalize,
    normalize_values,
)

__all__ = [
    "Detection",
    "KnowledgeBase",
    "NormalizedLicense",
    "detect",
    "detect_column",
    "expression_category",
    "knowledge_base",
    "normalize",
    "normalize_values",
]
