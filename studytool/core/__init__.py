"""The pure core: the deck format and its validation, the cards a deck becomes, the
schedulers, the rules of one answer, the browse search syntax and deck-text markup.

Nothing here imports a UI, a database or an exporter, or reads the clock or the
environment: time comes in as an argument. `tests/test_architecture.py` holds every
module of this package to that.
"""
