"""Structural similarity (SSIM) of two pictures, as Wang et al. (2004) define it: luma,
an 11-tap Gaussian window of σ 1.5; 1.0 means identical, and above 0.97 no one sees a difference."""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from PIL import Image


def _blur(plane: np.ndarray, window: np.ndarray) -> np.ndarray:
    rows = sliding_window_view(plane, len(window), axis=0) @ window
    return sliding_window_view(rows, len(window), axis=1) @ window


def ssim(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size, (a.size, b.size)
    x, y = (np.asarray(image.convert("L"), dtype=np.float64) for image in (a, b))
    window = np.exp(-((np.arange(11) - 5) ** 2) / (2 * 1.5**2))
    window /= window.sum()
    mx, my = _blur(x, window), _blur(y, window)
    vx, vy = _blur(x * x, window) - mx * mx, _blur(y * y, window) - my * my
    cov = _blur(x * y, window) - mx * my
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    return float((((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))).mean())
