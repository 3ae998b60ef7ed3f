"""Deterministic datasets: the site's samples (`samples`) and large ones for benchmarks.

    python -m benchmarks.datasets samples   # rewrite site/data/animals.csv, weather.csv and stations.csv
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "site" / "data"


def animals() -> pd.DataFrame:
    """Yearly sightings of bears, deer and wolves, 2010–2021."""
    rng = np.random.default_rng(2010)
    years = np.arange(2010, 2022)
    return pd.DataFrame({
        "year": years,
        "Bear": rng.integers(18, 42, len(years)),
        "Deer": (120 + 6 * np.arange(len(years)) + rng.integers(-25, 25, len(years))),
        "Wolf": rng.integers(4, 19, len(years)),
    })


def weather(start: str = "1996-01-01", end: str = "2025-12-31", seed: int = 1996) -> pd.DataFrame:
    """Daily readings of one weather station: a seasonal cycle, a slow trend and noise."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, end, freq="D")
    n = len(dates)
    day = dates.day_of_year.to_numpy()
    years = (dates.year.to_numpy() - dates.year[0]) + day / 365.25
    season = np.sin(2 * np.pi * (day - 110) / 365.25)
    temperature = 10.5 + 9.0 * season + 0.03 * years + rng.normal(0, 2.4, n)
    humidity = np.clip(72 - 11 * season + rng.normal(0, 7, n), 18, 100)
    wet = rng.random(n) < 0.38 + 0.08 * -season
    rainfall = np.where(wet, rng.gamma(1.3, 4.2, n), 0.0)
    wind = rng.gamma(2.2, 6.0, n)
    pressure = 1013 + pd.Series(rng.normal(0, 6, n)).ewm(span=4).mean().to_numpy()
    return pd.DataFrame({
        "date": dates.strftime("%Y-%m-%d"),
        "temperature_c": temperature.round(1),
        "humidity_pct": humidity.round(0).astype(int),
        "rainfall_mm": rainfall.round(1),
        "wind_kmh": wind.round(1),
        "pressure_hpa": pressure.round(1),
    })


# Each station: (name, mean temperature, seasonal swing, chance of rain, daily sunshine in summer).
STATIONS = (("Airport", 11.0, 9.5, 0.36, 9.0), ("Harbour", 12.5, 6.5, 0.45, 8.0),
            ("Hilltop", 7.5, 10.0, 0.50, 7.5), ("Riverside", 10.5, 9.0, 0.40, 8.5))


def stations(start: str = "2024-01-01", end: str = "2025-12-31", seed: int = 2024) -> pd.DataFrame:
    """Daily readings of four stations, one row per station and day, in date order."""
    rng = np.random.default_rng(seed)
    dates = pd.date_range(start, end, freq="D")
    season = np.sin(2 * np.pi * (dates.day_of_year.to_numpy() - 110) / 365.25)
    frames = []
    for name, mean, swing, rain_chance, sunshine in STATIONS:
        n = len(dates)
        wet = rng.random(n) < rain_chance - 0.08 * season
        frames.append(pd.DataFrame({
            "date": dates,
            "station": name,
            "temperature_c": (mean + swing * season + rng.normal(0, 2.2, n)).round(1),
            "rainfall_mm": np.where(wet, rng.gamma(1.4, 3.8, n), 0.0).round(1),
            "sunshine_h": np.clip(sunshine * (0.55 + 0.45 * season) + rng.normal(0, 1.8, n), 0, 16).round(1),
        }))
    out = pd.concat(frames).sort_values(["date", "station"], kind="stable").reset_index(drop=True)
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out


def big_series(rows: int, seed: int = 1) -> pd.DataFrame:
    """`rows` points of a random walk with a numeric x, for the big-data benchmarks."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"t": np.arange(rows, dtype=float), "value": np.cumsum(rng.normal(0, 1, rows))})


def write_samples(directory: Path = SAMPLE_DIR) -> None:
    """Write the sample CSVs the site ships with."""
    directory.mkdir(parents=True, exist_ok=True)
    animals().to_csv(directory / "animals.csv", index=False)
    weather().to_csv(directory / "weather.csv", index=False)
    stations().to_csv(directory / "stations.csv", index=False)


if __name__ == "__main__":
    if sys.argv[1:] != ["samples"]:
        sys.exit("usage: python -m benchmarks.datasets samples")
    write_samples()
