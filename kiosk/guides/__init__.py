"""Loading and checking task-guide bundles (docs/guide-format.md): YAML -> domain objects.

Pure Python: no Qt, no database, no HTTP.

- `load_guide(path)`: one bundle folder, guide.yaml or .zip -> `kiosk.domain.guide.Guide`, or
  `GuideError` (`kiosk.guides.errors`) whose `.problems` lists every `Problem` (file, line,
  step, key, message).
- `kiosk.guides.catalog.load_catalog(folders)`: every installed guide, broken ones skipped.
- `kiosk.guides.check.check_paths(paths)`: what `kiosk guide check` runs.
- `kiosk.guides.schema.json_schema()`: the JSON Schema of guide.yaml, for editors.
- `kiosk.guides.bundle.extract_zip()`: safe unpacking of a zipped bundle into a staging folder.
"""

from kiosk.guides.errors import GuideError, Problem
from kiosk.guides.loader import load_guide, parse_guide_text

__all__ = ["GuideError", "Problem", "load_guide", "parse_guide_text"]
