"""The kiosks of the hub: enrollment with one-time codes, tokens, config, the fleet list."""
