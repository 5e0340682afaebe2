"""Why bytes are not UTF-8 text: a UTF-16 or UTF-32 file, a byte-order mark, or one bad byte."""

from __future__ import annotations

import codecs

__all__ = ["not_utf8"]

_BOMS = (  # longest first: a UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "UTF-32", "FF FE 00 00"),
    (codecs.BOM_UTF32_BE, "UTF-32", "00 00 FE FF"),
    (codecs.BOM_UTF16_LE, "UTF-16", "FF FE"),
    (codecs.BOM_UTF16_BE, "UTF-16", "FE FF"),
)
_CHUNK = 1 << 20


def not_utf8(data: bytes) -> str | None:
    """What is wrong with ``data`` as UTF-8 JSON text, or None when it is UTF-8.

    Decoded a megabyte at a time, so a large file is never held twice.
    """
    for mark, encoding, shown in _BOMS:
        if data.startswith(mark):
            return f"not UTF-8: looks like {encoding} (byte-order mark {shown}); save it as UTF-8"
    if data.startswith(codecs.BOM_UTF8):
        return "starts with a UTF-8 byte-order mark (EF BB BF), which JSON does not allow; save it as UTF-8 without one"
    if len(data) >= 2 and (data[0] == 0) != (data[1] == 0):
        return "not UTF-8: looks like UTF-16 (every other byte is zero); save it as UTF-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    for start in range(0, len(data), _CHUNK):
        pending = len(decoder.getstate()[0])  # the end of a character cut by the last chunk
        try:
            decoder.decode(data[start : start + _CHUNK], final=start + _CHUNK >= len(data))
        except UnicodeDecodeError as error:
            return _bad_byte(data, start - pending + error.start)
    return None


def _bad_byte(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return (
        f"not UTF-8: byte {offset:,} (0x{data[offset]:02X}, on line {line}) is not valid UTF-8; save the file as UTF-8"
    )
