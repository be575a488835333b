"""ddxbot's knowledge base: validated YAML data (conditions, findings, questions, sources)."""

from knowledge.loader import DATA_DIR, Knowledge, KnowledgeError, Problem, load_knowledge, read_knowledge

__all__ = ["DATA_DIR", "Knowledge", "KnowledgeError", "Problem", "load_knowledge", "read_knowledge"]
