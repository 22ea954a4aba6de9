"""The lowest layer: pydantic models of the knowledge base, the answers and an offer; imports nothing above."""
