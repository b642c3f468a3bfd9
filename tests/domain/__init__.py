"""Tests of the guide run state machine, validators, Markdown subset and placeholders."""
