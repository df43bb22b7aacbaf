"""write: zip archives (PPTX is one) made byte-identical from one export to the next."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def normalise_zip(data: bytes, stamp: datetime | None = None) -> bytes:
    """Return ``data`` rewritten with fixed timestamps and permissions, entries in order.

    ``stamp`` (from ``SOURCE_DATE_EPOCH``) dates every entry; without it, 1980-01-01.
    """
    when = ZIP_EPOCH if stamp is None else max(ZIP_EPOCH, stamp.timetuple()[:6])
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()
