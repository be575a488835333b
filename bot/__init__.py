"""ddxbot's platform-free core: conversation engine, NLU, differential, questions, store."""
