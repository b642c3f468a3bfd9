"""A reset can happen at any moment and always completes (#25, finding 1).

Each state runs in its own child process (`tests.reliability.reset_anywhere`): the kiosk is
brought into the state, the reset starts from inside it, and the child checks the reset, the
windows left and the next session, then prints `clean STATE`. A crash there (the abort a reset
inside a page's alert caused) fails this test and leaves pytest alone.
`bench/reset_anywhere.py --runs 10` loops the same states.
"""

from __future__ import annotations

import pytest

from tests.reliability.reset_anywhere import STATES, run_state


@pytest.mark.parametrize("state", STATES)
def test_a_reset_from_inside_the_state_completes_and_the_next_session_is_clean(
    state: str,
) -> None:
    result = run_state(state)
    assert result.clean, (
        f"state {state}: exit code {result.returncode}\n"
        f"--- stdout ---\n{result.stdout[-2000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    )
