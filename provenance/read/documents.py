"""The normalised document batch every reader produces, whatever the input format.

Raw values are kept as they were written (`created_raw`, `added_raw`, `license_raw`, the whole
`metadata` as JSON text, unknown top-level fields in `extra`); tracing parses them later, once
per distinct value. Records that cannot be documents keep their place with `status =
quarantined` and a `quarantine_reason` that starts with a stable code.
"""

from __future__ import annotations

import pyarrow as pa

DOCUMENT_SCHEMA = pa.schema(
    [
        pa.field("input_file", pa.string(), nullable=False),
        pa.field("input_row", pa.int64(), nullable=False),
        pa.field("input_line", pa.int64()),
        pa.field("id", pa.string()),
        pa.field("source", pa.string()),
        pa.field("text", pa.large_string()),
        pa.field("added_raw", pa.string()),
        pa.field("created_raw", pa.string()),
        pa.field("license_raw", pa.string()),
        pa.field("url", pa.string()),
        pa.field("metadata", pa.string()),
        pa.field("extra", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("quarantine_reason", pa.string()),
    ]
)

# Top-level fields of the Dolma / Common Pile layout; anything else is kept in `extra`.
KNOWN_FIELDS = ("id", "text", "source", "added", "created", "metadata")

# Where a declared licence is looked for, in this order: Common Pile puts it in
# metadata.license; some corpora spell it otherwise or put it at the top level.
LICENSE_KEYS = ("license", "licence", "licenses", "license_name")
URL_KEYS = ("url", "source_url", "link")

OK = "ok"
QUARANTINED = "quarantined"


class DocumentColumns:
    """Column lists for one batch of documents, filled record by record by line readers."""

    def __init__(self, input_file: str) -> None:
        self.input_file = input_file
        self.columns: dict[str, list] = {name: [] for name in DOCUMENT_SCHEMA.names}

    def __len__(self) -> int:
        return len(self.columns["input_row"])

    def add(self, **values: object) -> None:
        values["input_file"] = self.input_file
        for name, column in self.columns.items():
            column.append(values.get(name))

    def take_batch(self) -> pa.Table:
        batch = pa.Table.from_pydict(self.columns, schema=DOCUMENT_SCHEMA)
        self.columns = {name: [] for name in DOCUMENT_SCHEMA.names}
        return batch
