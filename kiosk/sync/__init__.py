"""Talking to the hub: the outbox sender, the config puller and the guide-bundle updater."""
