"""The answering logic: what each command shows, rendered through the spoiler policy."""
