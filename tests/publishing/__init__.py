"""Tests of signed guide publishing and updating (issue #7)."""
