"""Grids of MNIST digits, with optional per-image titles (chapters 2, 3)."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_digits"]


def _as_images(images) -> np.ndarray:
    """(n, 784), (n, 28, 28) or (n, 1, 28, 28) -> (n, 28, 28)."""
    images = np.asarray(images)
    if images.ndim == 2 and images.shape[1] == 784:
        return images.reshape(-1, 28, 28)
    if images.ndim == 3 and images.shape[1:] == (28, 28):
        return images
    if images.ndim == 4 and images.shape[1:] == (1, 28, 28):
        return images.reshape(-1, 28, 28)
    raise ValueError(f"plot_digits expects images of shape (n, 784), (n, 28, 28) or (n, 1, 28, 28), "
                     f"got shape {images.shape}")


def plot_digits(images, titles=None, ncols: int = 10, title_colors=None, figsize=None,
                cmap: str = "gray_r"):
    """Draw digits in a grid, ncols per row, dark ink on a light background.

    titles: one string per image (e.g. the label, or "7→1" for a mistake); title_colors: one
    matplotlib colour per title (e.g. red for misclassified digits). Returns the Figure.
    """
    images = _as_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("plot_digits expects at least one image, got 0")
    if isinstance(ncols, bool) or not isinstance(ncols, (int, np.integer)) or ncols < 1:
        raise ValueError(f"plot_digits expects ncols to be a positive integer, got {ncols!r}")
    if titles is not None and len(titles) != n:
        raise ValueError(f"plot_digits expects {n} titles (one per image), got {len(titles)}")
    if title_colors is not None and (titles is None or len(title_colors) != n):
        raise ValueError(f"plot_digits expects title_colors together with titles, {n} of each, "
                         f"got {len(title_colors)} colours")

    ncols = min(int(ncols), n)
    nrows = math.ceil(n / ncols)
    if figsize is None:
        figsize = (1.0 * ncols, (1.25 if titles is not None else 1.0) * nrows)
    # The same grey scale for every image: 0..255 for raw bytes, 0..1 for normalised pixels.
    if images.dtype == np.uint8:
        vmin, vmax = 0, 255
    elif images.min() >= 0 and images.max() <= 1:
        vmin, vmax = 0.0, 1.0
    else:
        vmin, vmax = float(images.min()), float(images.max())

    fig, axes = plt.subplots(nrows, ncols, figsize=figsize, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= n:
            continue
        ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
        if titles is not None:
            color = title_colors[i] if title_colors is not None else "black"
            ax.set_title(str(titles[i]), color=color, fontsize=10)
    fig.tight_layout()
    return fig
