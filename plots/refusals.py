"""Every bad parameter of a request told at once: the 400s of checks that do not depend on one
another, gathered (`Checks`) and answered as one refusal naming each (`Refusals`), in the order
the parameters were written, so that a user does not fix one, ask again and meet the next."""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from .spec import SpecError

# The status of a bad parameter: only these are told together. Any other (a column or value there is
# not, a 404) is its own answer, as before.
BAD_PARAMETER = 400


class Refusals(SpecError):
    """Several bad parameters of one request, each its own refusal (`refusals`, in the order written),
    told in one message: "3 parameters are refused: (1) …; (2) …; (3) …" (`settings`: what they are
    in words, "fields" of a dashboard file). Its `field` is the first's."""

    def __init__(self, refusals: Sequence[SpecError], settings: str = "parameters"):
        listed = "; ".join(f"({number}) {refusal.message}" for number, refusal in enumerate(refusals, 1))
        super().__init__(f"{len(refusals)} {settings} are refused: {listed}")
        self.refusals = tuple(refusals)
        self.settings = settings
        self.field = refusals[0].field

    def __reduce__(self):
        return (type(self), (self.refusals, self.settings))


def told_as_fields(error: SpecError) -> str:
    """The message of `error` where it refuses a file's fields, not a URL's parameters: several
    refused at once are "2 fields are refused: (1) …; (2) …"; one alone in its own words."""
    return Refusals(error.refusals, "fields").message if isinstance(error, Refusals) else error.message


def each_refusal(error: SpecError) -> tuple[SpecError, ...]:
    """The refusals `error` tells: those of a `Refusals`, or itself."""
    return error.refusals if isinstance(error, Refusals) else (error,)


def refused_fields(error: SpecError | None) -> tuple[str, ...]:
    """The parameters `error` refuses (none for None), in the order written."""
    if error is None:
        return ()
    return tuple(part.field for part in each_refusal(error) if part.field is not None)


def at_once(refusals: Iterable[SpecError], written: Sequence[str] = ()) -> SpecError:
    """One refusal telling each of `refusals` (a `Refusals` among them told by its own), in the order
    their parameters are `written` (a URL's query, a file's fields); one alone as it is, its words kept."""
    parts = [part for refusal in refusals for part in each_refusal(refusal)]
    order = {name: place for place, name in reversed(list(enumerate(written)))}
    parts.sort(key=lambda part: order.get(part.field, len(order)) if part.field is not None else len(order))
    return parts[0] if len(parts) == 1 else Refusals(parts)


class Checks:
    """Checks of one request's parameters that do not depend on one another, each run whatever the
    others found (`check`), their bad parameters told at once (`tell`).

    The first refusal decides the answer's status, as it did when checks stopped at it: when it is
    no 400 (a dataset, column or value there is not; or one of `answers`), it is raised at once,
    alone; a later one that is no 400 is left for the user to meet once the 400s are mended, as is
    a check that depends on what was refused (`refused`).
    """

    def __init__(self, written: Iterable[str] = (), answers: tuple[type[Exception], ...] = ()):
        self.written = list(written)
        # Errors of the app that are answers of their own too (its 404s, 503s, a refusal no parameter mends).
        self.answers = answers
        self.refusals: list[SpecError] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        """Run the block, keeping a bad parameter it refuses for `tell`."""
        try:
            yield
        except self.answers:  # before SpecError: one of the app's refusals may be an answer of its own
            if not self.refusals:
                raise
        except SpecError as error:
            if error.status != BAD_PARAMETER:
                if not self.refusals:
                    raise
                return
            self.refusals.append(error)

    @contextmanager
    def needed(self) -> Iterator[None]:
        """Run the block, whose result the checks after it need: what it refuses is told at once, with
        what was refused before it."""
        failed = True
        with self.check():
            yield
            failed = False
        if failed:
            self.tell()

    @property
    def refused(self) -> bool:
        """Whether a check refused a parameter."""
        return bool(self.refusals)

    def tell(self) -> None:
        """Raise SpecError telling every bad parameter found (`at_once`); nothing when none was."""
        if self.refusals:
            raise at_once(self.refusals, self.written)
