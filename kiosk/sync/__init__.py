"""Talking to the hub: enrollment, the outbox sender, the config puller (and, later, guides).

Plain Python and httpx, no Qt: the headless `kiosk sync` and the GUI (through its background
task helper) use the same `SyncService`.
"""
