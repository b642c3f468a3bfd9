"""The kiosk's use cases, without Qt: what the UI and the CLI both ask of the store and the hub.

- `helpdesk`: PINs, lockouts, the volunteer desk and assisted sessions in the kiosk's store;
- `pin_uploads`: sending PIN hashes set on this kiosk to the hub, and settling what it did;
- `location`: the location config sync last kept;
- `status`: what `kiosk status` and the admin screen show;
- `sync`: one sync round, the one function the background sync and "Sync now" both run;
- `errors`: what a use case refuses (`PinError`, ...), as `KioskError`s with translated messages.

Each function takes what it works on (the `RecordStore`, the paths, the settings) as arguments
and blocks until it is done: the UI runs it off the GUI thread (`StoreGateway.call`,
`TaskRunner.run`) and the CLI calls it directly. Nothing here imports PySide6, `kiosk.ui`,
`kiosk.app`, `kiosk.hub` or `kiosk.commands` (an import-linter contract in pyproject.toml).
"""
