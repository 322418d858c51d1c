"""The read side: question -> retrieval -> answer with citations.

- `retrieval`  hybrid dense + BM25 search (a LangChain retriever), query expansion
- `gate`       the evidence gate: answer, or say the sources do not answer it
- `extractive` the offline answerer (quotes with citations)
- `llm`        the LangChain LLM answerer (Ollama, OpenAI-compatible), with fallback
- `citations`  numbering, validating and quoting sources
- `service`    `Assistant`: the one entry point for the CLI, the page and the evaluation
"""
