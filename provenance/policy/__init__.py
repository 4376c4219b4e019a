"""Policies: licence, residency and opt-out rules as versioned data, with explanations."""

from provenance.policy.evaluate import DECISION_COLUMNS, evaluate
from provenance.policy.model import Policy, load_policy
from provenance.policy.reference import decide_row

__all__ = ["DECISION_COLUMNS", "Policy", "decide_row", "evaluate", "load_policy"]
