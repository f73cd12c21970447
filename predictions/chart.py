"""The backtest's weekly series as SVG coordinates: a server-drawn chart, no JavaScript library.

Two lines share the x axis (weeks): mean absolute error in days (left scale, 0 to the largest
week's error) and the interval's coverage (right scale, 0–100 %, with the 80 % target drawn).
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 640, 200, 32


@dataclass
class Chart:
    width: int
    height: int
    error_points: str  # "x,y x,y …" for <polyline>
    coverage_points: str
    target_y: float  # the 80 % line
    max_error: float
    labels: list[tuple[float, str]]  # (x, week) under the axis, a few of them
    dots: list[dict]  # per week, for the hover titles


def weekly(weeks: list[dict]) -> Chart | None:
    """None when fewer than two weeks have figures (a line needs two points)."""
    rows = [w for w in weeks if w["model"]["n"]]
    if len(rows) < 2:
        return None
    max_error = max(w["model"]["mae_days"] or 0 for w in rows) or 1.0
    inner_w, inner_h = WIDTH - 2 * PAD, HEIGHT - 2 * PAD
    step = inner_w / (len(rows) - 1)

    def y_error(v: float) -> float:
        return round(PAD + inner_h * (1 - v / max_error), 1)

    def y_share(v: float) -> float:
        return round(PAD + inner_h * (1 - v), 1)

    error, coverage, dots = [], [], []
    for i, w in enumerate(rows):
        x = round(PAD + i * step, 1)
        m = w["model"]
        error.append(f"{x},{y_error(m['mae_days'] or 0)}")
        if m["coverage"] is not None:
            coverage.append(f"{x},{y_share(m['coverage'])}")
        dots.append({"x": x, "week": w["week"], "n": m["n"], "mae": m["mae_days"], "coverage": m["coverage"]})
    every = max(1, len(rows) // 6)
    labels = [(d["x"], d["week"][5:]) for d in dots[::every]]
    return Chart(WIDTH, HEIGHT, " ".join(error), " ".join(coverage), y_share(0.8), round(max_error, 2), labels, dots)
