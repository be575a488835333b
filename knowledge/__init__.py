"""ddxbot's knowledge base: validated YAML data (conditions, findings, questions, sources)."""

from knowledge.loader import DATA_DIR, Knowledge, KnowledgeError, Problem, read_knowledge
from knowledge.validated import load_knowledge

__all__ = ["DATA_DIR", "Knowledge", "KnowledgeError", "Problem", "load_knowledge", "read_knowledge"]
