"""Doctests in kit/ draw figures: never open a window, and close them after each example."""

import matplotlib

matplotlib.use("Agg")
