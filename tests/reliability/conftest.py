"""The hostile-pages fixtures (`env`: the kiosk with a guarded browser on a local hostile site;
`hostile`: open a page and check afterwards that nothing escaped) for every module here that
needs them; they are defined in `test_escape`."""

from tests.reliability.test_escape import env, hostile

__all__ = ["env", "hostile"]
