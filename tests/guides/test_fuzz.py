"""Property tests: whatever the loader is fed, it raises only GuideError."""

from __future__ import annotations

import contextlib
import io
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.guides import GuideError, load_guide, parse_guide_text
from kiosk.guides.bundle import extract_zip
from tests.guides.support import BASE

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "type", "text", "steps", "nl", "en", "goto", "options", "x"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


def _only_guide_errors(data: str | bytes) -> None:
    problems = None
    try:
        parse_guide_text(data)
    except GuideError as exc:
        problems = exc.problems
    if problems is not None:
        assert problems
        assert all(problem.line >= 0 for problem in problems)


@FUZZ
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _only_guide_errors(text)


@FUZZ
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _only_guide_errors(data)


@FUZZ
@given(yaml_values)
def test_arbitrary_yaml_documents(value: object) -> None:
    from ruamel.yaml import YAML

    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(value, stream)
    _only_guide_errors(stream.getvalue())


@FUZZ
@given(st.integers(0, len(BASE) - 1), st.integers(1, 40), st.text(max_size=10))
def test_mutated_real_guides(start: int, length: int, insert: str) -> None:
    _only_guide_errors(BASE[:start] + insert + BASE[start + length :])


@FUZZ
@given(st.binary(max_size=600))
def test_arbitrary_zip_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "fuzz.zip"
        archive.write_bytes(b"PK\x03\x04" + data)
        with contextlib.suppress(GuideError):
            load_guide(archive, Path(folder) / "staging")


@FUZZ
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=30), st.binary(max_size=50)), min_size=1, max_size=5
    )
)
def test_arbitrary_zip_member_names(members: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        archive = root / "fuzz.zip"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as bundle, warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # zipfile warns about duplicate names
            for name, data in members:
                # names zipfile itself cannot write are skipped
                with contextlib.suppress(ValueError, UnicodeEncodeError, IndexError):
                    bundle.writestr(name, data)
        archive.write_bytes(buffer.getvalue())
        staging = root / "deep" / "staging"
        with contextlib.suppress(GuideError):
            extract_zip(archive, staging)
        outside = {p for p in root.rglob("*") if not p.is_relative_to(staging)}
        assert outside <= {archive, root / "deep", staging}
