"""Adversarial suite: every bad input, fault and race built on the fly, with its exact outcome."""
