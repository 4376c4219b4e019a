"""Licences: the knowledge base, normalising declared values to SPDX, detecting grants in text."""

from typing import TYPE_CHECKING

from provenance.imports import exported_on_first_use

if TYPE_CHECKING:
    from provenance.licenses.detection import Detection, detect, detect_column
    from provenance.licenses.knowledge import KnowledgeBase, knowledge_base
    from provenance.licenses.normalization import (
        NormalizedLicense,
        expression_category,
        normalize,
        normalize_values,
    )

_DETECT = "provenance.licenses.detection"
_KNOWLEDGE = "provenance.licenses.knowledge"
_NORMALIZE = "provenance.licenses.normalization"
__getattr__ = exported_on_first_use(
    __name__,
    {
        "Detection": _DETECT,
        "detect": _DETECT,
        "detect_column": _DETECT,
        "KnowledgeBase": _KNOWLEDGE,
        "knowledge_base": _KNOWLEDGE,
        "NormalizedLicense": _NORMALIZE,
        "expression_category": _NORMALIZE,
        "normalize": _NORMALIZE,
        "normalize_values": _NORMALIZE,
    },
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
