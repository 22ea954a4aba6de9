"""Layouts of view data: the terminal (Rich) and Markdown; they compute nothing."""
