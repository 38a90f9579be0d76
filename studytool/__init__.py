"""studytool: spaced-repetition anatomy flashcards for movement and yoga teacher-trainees."""

__version__ = "0.1.0"
