"""The browser tests' launch options (Debian's Chromium, never Playwright's download), shared with tests/ui."""

from tests.ui.conftest import browser_context_args, browser_type_launch_args

__all__ = ["browser_context_args", "browser_type_launch_args"]
