"""The application: the one pipeline (paths → read → recognise → score → check) and its thin callers —
the CLI, the ribbon's actions, recompute, summarize, the report. Only this package touches paths."""
