"""Schedulers: the maths that turns a card's answers into its next interval.

One module per scheduler, each pure: `sm2` (SuperMemo-2, studytool's default) and
`fsrs` (FSRS, through the maintained `fsrs` package). `core/scheduling.py` says which
one a database uses; `core/answer_rules.py` applies it to one answer.
"""
