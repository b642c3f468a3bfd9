"""Flows: the glue between screens and the rest of the kiosk (guides, help point, location admin,
sync, booking). `kiosk.app` builds each flow with a `kiosk.ui.context.FlowContext` and its own
collaborators (never a lookup); a flow listens to screens' intent signals and calls intent-level
methods on them; screens never know the flows."""
