"""The one note type studytool's notes use in Anki: its identity, fields and look.

Plain data, shared by everything that writes notes for Anki. Its id never changes:
Anki matches note types by id, so a later export updates the notes it made before.
Phone-friendly CSS with night mode; no JavaScript.
"""

from __future__ import annotations

__all__ = [
    "ANSWER_TEMPLATE",
    "CSS",
    "FIELDS",
    "NOTE_TYPE_ID",
    "NOTE_TYPE_NAME",
    "PARENT_DECK",
    "QUESTION_TEMPLATE",
]

#: Chosen once, never to change: Anki matches note types by id.
NOTE_TYPE_ID = 1_742_583_104
NOTE_TYPE_NAME = "studytool card"
#: Every studytool deck is a subdeck of this one in Anki.
PARENT_DECK = "studytool"
FIELDS = ["Front", "Back", "Muscle", "Region", "Kind", "Notes", "Image", "Deck"]

CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  text-align: left;
  color: #1d1d1f;
  background-color: #fdfdfb;
  max-width: 36em;
  margin: 0 auto;
  padding: 0.6em;
}
.meta { font-size: 0.7em; letter-spacing: 0.04em; text-transform: uppercase; color: #6b6b70; }
.front { font-weight: 600; margin-top: 0.4em; }
.back { margin-top: 0.6em; }
.notes { margin-top: 1em; font-size: 0.85em; font-style: italic; color: #4a4a50; }
.image img { max-width: 100%; height: auto; margin-top: 0.8em; }
.source { margin-top: 1.2em; font-size: 0.65em; color: #8a8a90; }
hr#answer { border: none; border-top: 1px solid #d0d0d4; margin: 0.8em 0; }
.nightMode.card, .night_mode .card { color: #e8e8ea; background-color: #1e1e20; }
.nightMode .meta, .night_mode .meta, .nightMode .source, .night_mode .source { color: #9a9aa2; }
.nightMode .notes, .night_mode .notes { color: #c4c4ca; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #3a3a40; }
"""

QUESTION_TEMPLATE = (
    '<div class="meta">{{Kind}}{{#Region}} · {{Region}}{{/Region}}</div>\n'
    '<div class="front">{{Front}}</div>'
)
ANSWER_TEMPLATE = (
    "{{FrontSide}}\n"
    '<hr id="answer">\n'
    '<div class="back">{{Back}}</div>\n'
    '{{#Image}}<div class="image">{{Image}}</div>{{/Image}}\n'
    '{{#Notes}}<div class="notes">{{Notes}}</div>{{/Notes}}\n'
    '<div class="source">{{Deck}}</div>'
)
