"""A render worker process: `python -m plots.worker MEMORY_LIMIT`, driven by `RenderPool`.

Once the renderer is imported it says `("ready", None)`; then jobs arrive as pickled
`(function, args)` on standard input and each answer goes back pickled on the original standard
output: `("ok", result)`, `("raise", error)` or `("memory", None)`.
"""
from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection


def serve(jobs: Connection, answers: Connection) -> None:
    """Run jobs until the server closes the pipe."""
    while True:
        try:
            fn, args = jobs.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = ("ok", fn(*args))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as error:  # sent back and raised again in the server process
            outcome = ("raise", error)
        try:
            answers.send(outcome)
        except MemoryError:
            answers.send(("memory", None))
        except Exception as error:  # an unpicklable result or error
            answers.send(("raise", RuntimeError(f"the render result could not be sent back: {error!r}")))


def main() -> None:
    """Set the memory limit, keep stray prints off the answer pipe, import the renderer, serve."""
    memory_limit = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    answers_fd = os.dup(1)
    os.dup2(2, 1)  # anything printed goes to stderr, never into the answers
    import plots  # noqa: F401  (imports matplotlib and pandas once, before the first job)

    if memory_limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    answers = Connection(answers_fd, readable=False)
    answers.send(("ready", None))
    serve(Connection(os.dup(0), writable=False), answers)


if __name__ == "__main__":
    main()
