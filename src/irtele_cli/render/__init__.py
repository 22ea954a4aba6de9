"""Renderers: terminal (Rich) and Markdown views of what the core computed."""
