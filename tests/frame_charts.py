"""A chart of one column `v` of a dataset's frame, as the tests of what a kind draws and says build it."""
from __future__ import annotations

import pandas as pd

from plots import ChartSpec, chart_frame, describe, parse_spec


def frame_chart(kind: str, values: list, column_type: str = "float", **fields: str) -> tuple[ChartSpec, pd.DataFrame]:
    """The spec of a `kind` chart of `values` as the column `v` of type `column_type`, with the URL's
    `fields` besides, and the frame it draws."""
    spec = parse_spec({"kind": [kind], "y": ["v"], **{k: [v] for k, v in fields.items()}}, {"v": column_type})
    return spec, chart_frame(spec, pd.DataFrame({"v": values}))


def words_of(kind: str, values: list, column_type: str = "float", **fields: str) -> str:
    """The alt text of a `kind` chart of `values`."""
    return describe(*frame_chart(kind, values, column_type, **fields))[1]
