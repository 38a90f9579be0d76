"""The parts screens are built from, each with reactive attributes and its own messages.

card_view       a card: what it asks about, its front, on reveal its back and notes
grade_bar       the six grade keys with what each would do to the card
session_status  progress bar, cards left (new, learning, review), time
deck_table      the deck list: counts coloured as in Anki, broken decks in red
card_table      browse's results: question, muscle, kind, deck, state and due date
card_detail     browse's side pane: a card, its schedule and its answers
day_chart       a bar per day (the stats screen's charts)
key_footer      the keys at the foot of a screen, packed onto rows when they do not fit
"""
