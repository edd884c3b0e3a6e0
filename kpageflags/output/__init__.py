"""One output layer: commands return typed records, and this package renders them as text,
JSON Lines or CSV (``emit``), with the units helpers every text layout shares (``units``)."""
