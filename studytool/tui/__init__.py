"""The Textual user interface. Imports Textual; nothing in the core imports this."""
