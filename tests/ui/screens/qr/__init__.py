"""Tests of the QR and letter reader (issue #4)."""
