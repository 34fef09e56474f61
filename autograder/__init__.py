"""Sandboxed autograder for the deep-learning course."""
