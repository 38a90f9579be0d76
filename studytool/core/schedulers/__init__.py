"""Schedulers: the maths that turns a card's answers into its next interval.

One module per scheduler, each pure: `sm2` (SuperMemo-2, studytool's default).
"""
