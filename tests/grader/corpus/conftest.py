"""The corpus holds deliberately hostile submissions: pytest must never import them."""

collect_ignore_glob = ["*"]
