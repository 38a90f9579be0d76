"""Anki, where trainees study on their phones: the notes studytool writes for it.

    note_type   the one note type: id, fields, templates, CSS (plain data)
    notes       planning an export: one note per card, GUIDs, HTML, tags, media
    deck_names  each deck's name in Anki: one level below studytool, no two alike
    package     writing the plan as an .apkg with genanki
    export      one export start to finish, recorded in the study database

Beside the core and the storage: nothing here imports the UI.
"""
