"""The guide admin's side of publishing (issue #7), run on the admin's own workstation.

- `keys`: offline Ed25519 keys for the TUF root and targets roles, encrypted with a passphrase;
- `pack`: deterministic zips of guide folders (the same folder gives the same bytes);
- `metadata`: building and signing root and targets metadata with python-tuf;
- `hub_client`: the hub's admin API with a revocable token kept in the keyring;
- `publish`: what `kiosk admin publish`, `retire`, `init-repo` and `rotate` do.
"""
