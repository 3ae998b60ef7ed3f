"""Each of the site's memos and caches against its bound, after the mix of `soak.py` in this process.

    python benchmarks/soak_memos.py [--requests 2000] [--bound 262144]

Sends `--requests` requests of `benchmarks/soak.py`'s mix through Flask's test client to a site whose
caches the settings bound are bounded at `--bound` bytes each, then prints each memo and cache
(`SizedLRU`) by the name it is held under, with its entries and its bytes against its bound, which
none may pass. The baseline is the bound itself.
"""
from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.soak import CACHE_SETTINGS, TOKEN, datasets_at_start, make_sources, request_for  # noqa: E402


def held_as(memo: object) -> str:
    """The name `memo` is held under: an object's attribute (its class's name), a module's global or
    a closure's variable (the function's name)."""
    for holder in gc.get_referrers(memo):
        if isinstance(holder, dict) and "__name__" in holder:
            return f"{holder['__name__']}.{next(k for k, v in holder.items() if v is memo)}"
        attributes = getattr(holder, "__dict__", None)
        if isinstance(attributes, dict) and any(v is memo for v in attributes.values()):
            if callable(holder) and hasattr(holder, "__wrapped__"):  # a function's answers kept
                return f"{holder.__wrapped__.__module__}.{holder.__wrapped__.__qualname__}"
            return f"{type(holder).__name__}.{next(k for k, v in attributes.items() if v is memo)}"
        if isinstance(holder, dict):
            key = next((k for k, v in holder.items() if v is memo), "?")
            owner = next((o for o in gc.get_referrers(holder) if getattr(o, "__dict__", None) is holder), None)
            if owner is None:
                return f"memo {key!r}"
            wrapped = getattr(owner, "__wrapped__", None)  # a function's answers kept
            return f"{wrapped.__module__}.{wrapped.__qualname__}" if wrapped else f"{type(owner).__name__}.{key}"
        if type(holder).__name__ == "cell":
            for closure in gc.get_referrers(holder):
                for function in gc.get_referrers(closure) if isinstance(closure, tuple) else ():
                    if getattr(function, "__closure__", None) is closure:
                        function = getattr(function, "__wrapped__", function)
                        return f"{function.__module__}.{function.__qualname__}"
    return "?"


def caches_against_bounds(requests: int, bound: int) -> None:
    from app import create_app
    from plots.sized_lru import SizedLRU

    folder = Path(tempfile.mkdtemp(prefix="svgplots-soak-"))
    try:
        (folder / "data").mkdir()
        sources_file = make_sources(folder, None)
        app = create_app({"TESTING": True, "DATA_DIR": str(folder / "data"), "WRITE_TOKENS": TOKEN,
                          "SOURCES": str(sources_file), **{name: bound for name in CACHE_SETTINGS}})
        client = app.test_client()
        for name, body in datasets_at_start():
            client.post(f"/api/datasets?name={name}", data=body,
                        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/csv"}).close()
        for n in range(requests):
            what, method, path, body, headers = request_for(n, ["shop-weather"])
            if what == "big rows":  # left unread, as the test client would, it waits for its reader
                continue
            client.open(path, method=method, data=body, headers=headers).close()
        gc.collect()
        print(f"\nmemos and caches after {requests} requests through the test client, caches bounded at {bound} bytes:")
        for memo in (o for o in gc.get_objects() if isinstance(o, SizedLRU)):
            print(f"  {held_as(memo):48} {len(memo):6d} entries, {memo.size:10d} bytes of {memo.max_bytes:10d}"
                  f"{'  OVER ITS BOUND' if memo.size > memo.max_bytes else ''}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2_000)
    parser.add_argument("--bound", type=int, default=256 * 1024, help="bytes of each cache a setting bounds")
    args = parser.parse_args(argv)
    caches_against_bounds(args.requests, args.bound)
    return 0


if __name__ == "__main__":
    sys.exit(main())
