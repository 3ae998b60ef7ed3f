"""`python -m shots` is the same as `python run.py shots`."""
import sys

from .cli import run

sys.exit(run())
