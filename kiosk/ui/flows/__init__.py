"""Flows: the glue between screens and the rest of the kiosk (guides, help point, location admin,
sync, booking). A flow gets its collaborators from `kiosk.app`, listens to screens' intent
signals and calls intent-level methods on them; screens never know the flows."""
