"""Pure functions over loaded models: matching, the plan, licensing, offers and browsing views."""
