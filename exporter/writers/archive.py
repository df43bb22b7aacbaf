"""write: zip archives (PPTX is one) made byte-identical from one export to the next."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import datetime

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
PERMISSIONS = 0o644 << 16
"""Every entry's attributes: a file readable by all, written by its owner (Unix)."""
UNIX = 3
"""The system every entry says it was made on (a zip's "version made by", high byte)."""

END = struct.Struct("<4s4H2LH")
"""A zip's end of central directory record: signature, disk numbers, entry counts, the
directory's size and offset, comment length."""
CENTRAL = struct.Struct("<4s6H3L5H2L")
"""A central directory entry: signature, version made by, version needed, flags, method,
time, date, CRC, sizes, name, extra and comment lengths, disk, attributes, header offset."""
LOCAL = struct.Struct("<4s5H3L2H")
"""A local file header: signature, version needed, flags, method, time, date, CRC, sizes,
name and extra lengths."""
UTF8_NAME = 0x800
"""The flag of an entry whose name is UTF-8, the only flag an entry written whole may have."""


def normalise_zip(data: bytes, stamp: datetime | None = None) -> bytes:
    """Return ``data`` rewritten with fixed timestamps and permissions, entries in order.

    ``stamp`` (from ``SOURCE_DATE_EPOCH``) dates every entry; without it, 1980-01-01.
    """
    when = ZIP_EPOCH if stamp is None else max(ZIP_EPOCH, stamp.timetuple()[:6])
    restamped = restamp(data, when)
    if restamped is not None:
        return restamped
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = PERMISSIONS
            info.create_system = UNIX
            target.writestr(info, source.read(entry.filename))
    return output.getvalue()


def restamp(data: bytes, when: tuple[int, ...]) -> bytes | None:
    """Return ``data``, a zip, as ``normalise_zip`` rewrites it, made by changing each entry's
    date, attributes and system in place, or ``None`` where the rewrite would change more.

    A zip that Python's ``zipfile`` wrote in one pass into memory (python-pptx writes a deck so)
    differs from its rewrite only there: its entries deflated as the rewrite deflates them, one
    after the other, each without a data descriptor, extra field or comment, then the central
    directory, then its end without a comment. Rewritten, a deck's entries were inflated and
    deflated again: 4.8 ms of a deck's 28 ms.
    """
    if len(data) < END.size:
        return None
    end = data[-END.size :]
    signature, disk, start_disk, here, count, size, offset, comment = END.unpack(end)
    if signature != b"PK\x05\x06" or disk or start_disk or here != count or comment:
        return None
    if offset + size != len(data) - END.size:
        return None
    year, month, day, hour, minute, second = when[:6]
    time = hour << 11 | minute << 5 | second // 2
    date = (year - 1980) << 9 | month << 5 | day
    out = bytearray(data)
    at, written = offset, 0
    for _ in range(count):
        if at + CENTRAL.size > len(data) - END.size:
            return None
        fields = list(CENTRAL.unpack_from(data, at))
        made, needed, flags, method = fields[1:5]
        crc, packed, unpacked, name, extra, note, disk, _, _, header = fields[7:]
        if (
            fields[0] != b"PK\x01\x02"
            or made & 0xFF != zipfile.DEFAULT_VERSION
            or needed != zipfile.DEFAULT_VERSION
            or flags & ~UTF8_NAME
            or method != zipfile.ZIP_DEFLATED
            or extra
            or note
            or disk
            or header != written
            or unpacked >= zipfile.ZIP64_LIMIT
        ):
            return None
        local = list(LOCAL.unpack_from(data, header))
        if local[0] != b"PK\x03\x04" or local[1:4] != [needed, flags, method]:
            return None
        if local[6:] != [crc, packed, unpacked, name, 0]:
            return None
        if (
            data[header + LOCAL.size : header + LOCAL.size + name]
            != data[at + CENTRAL.size : at + CENTRAL.size + name]
        ):
            return None
        local[4:6] = [time, date]
        LOCAL.pack_into(out, header, *local)
        fields[1] = UNIX << 8 | zipfile.DEFAULT_VERSION
        fields[5:7] = [time, date]
        fields[14] = 0  # internal attributes
        fields[15] = PERMISSIONS
        CENTRAL.pack_into(out, at, *fields)
        written = header + LOCAL.size + name + packed
        at += CENTRAL.size + name
    if written != offset or at != offset + size:
        return None
    return bytes(out)
