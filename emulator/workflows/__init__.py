"""Workflow templates, their runs in time, crons, and package executors (no HTTP here)."""
