"""Browser tests: real headless Chromium against the live site."""
