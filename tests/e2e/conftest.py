"""End-to-end fixtures: the live hub, admin keys and repository of the guide-publishing tests."""

from tests.publishing.conftest import admin_hub, hub, keydir

__all__ = ["admin_hub", "hub", "keydir"]
