"""jixiao.templates — the official attachments: layout specs, recognition, and the plain sheet grid."""
