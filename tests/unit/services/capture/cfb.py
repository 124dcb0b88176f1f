"""A minimal Compound File Binary (CFB, [MS-CFB]) writer, for building .msg files in tests.

``olefile`` reads compound files but cannot make one, and the writers that can are GPL
(extract-msg's companions) or Windows-only, so the tests build theirs by hand: version 3
(512-byte sectors), streams under 4,096 bytes in the mini stream (64-byte mini sectors)
as the format requires, larger ones in sectors of their own, one FAT, no DIFAT sectors
(up to 109 FAT sectors, about 7 MB: plenty for a test message). Each storage's children
form a binary search tree in the format's order (length, then upper-cased name), all
black, which every reader accepts.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    id: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = ENDOFCHAIN
    size: int = 0


def _order(entry: _Entry) -> tuple[int, str]:
    return (len(entry.name), entry.name.upper())


def build_cfb(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams``, each named by its path ("a/b/c" is stream c
    in storage b in storage a); storages are made as the paths need them."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        parent = root
        *folders, leaf = path.split("/")
        for folder in folders:
            found = next((c for c in parent.children if c.name == folder), None)
            if found is None:
                found = _Entry(folder, 1)
                parent.children.append(found)
            parent = found
        parent.children.append(_Entry(leaf, 2, data))
    entries: list[_Entry] = []

    def number(entry: _Entry) -> None:
        entry.id = len(entries)
        entries.append(entry)
        for child in entry.children:
            number(child)

    number(root)

    def tree(children: list[_Entry]) -> int:
        if not children:
            return NOSTREAM
        ordered = sorted(children, key=_order)
        middle = len(ordered) // 2
        top = ordered[middle]
        top.left = tree(ordered[:middle])
        top.right = tree(ordered[middle + 1 :])
        return top.id

    for entry in entries:
        entry.child = tree(entry.children)

    # The mini stream: small streams, each in whole mini sectors.
    mini = bytearray()
    mini_fat: list[int] = []
    big: list[_Entry] = []
    for entry in entries:
        if entry.kind != 2:
            continue
        entry.size = len(entry.data)
        if entry.size >= MINI_CUTOFF:
            big.append(entry)
            continue
        if entry.size == 0:
            entry.start = ENDOFCHAIN
            continue
        count = -(-entry.size // MINI_SECTOR)
        entry.start = len(mini_fat)
        mini_fat.extend(range(entry.start + 1, entry.start + count))
        mini_fat.append(ENDOFCHAIN)
        mini += entry.data + b"\0" * (count * MINI_SECTOR - entry.size)

    fat: list[int] = []
    body = bytearray()

    def place(data: bytes) -> int:
        if not data:
            return ENDOFCHAIN
        count = -(-len(data) // SECTOR)
        start = len(fat)
        fat.extend(range(start + 1, start + count))
        fat.append(ENDOFCHAIN)
        body.extend(data + b"\0" * (count * SECTOR - len(data)))
        return start

    for entry in big:
        entry.start = place(entry.data)
    root.start = place(bytes(mini))
    root.size = len(mini)
    mini_fat_bytes = b"".join(struct.pack("<I", v) for v in mini_fat)
    mini_fat_bytes += b"\xff" * (-len(mini_fat_bytes) % SECTOR)
    mini_fat_start = place(mini_fat_bytes)
    mini_fat_sectors = len(mini_fat_bytes) // SECTOR

    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le") + b"\0\0"
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ",
            name,
            len(name),
            entry.kind,
            1,  # black
            entry.left,
            entry.right,
            entry.child,
            b"\0" * 16,
            0,
            0,
            0,
            entry.start if entry.kind != 1 else 0,
            entry.size,
        )
    unused = -len(directory) % SECTOR // 128
    for _ in range(unused):  # empty entries fill the last directory sector
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM, b"", 0, 0, 0, 0, 0
        )
    directory_start = place(bytes(directory))

    fat_count = 1
    while len(fat) + fat_count > fat_count * (SECTOR // 4):
        fat_count += 1
    assert fat_count <= 109, "too big for a test file"
    fat_start = len(fat)
    fat.extend([FATSECT] * fat_count)
    fat.extend([FREESECT] * (fat_count * (SECTOR // 4) - len(fat)))
    fat_bytes = b"".join(struct.pack("<I", v) for v in fat)

    difat = [fat_start + i for i in range(fat_count)] + [FREESECT] * (109 - fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        MAGIC,
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,
        fat_count,
        directory_start,
        0,
        MINI_CUTOFF,
        mini_fat_start if mini_fat else ENDOFCHAIN,
        mini_fat_sectors if mini_fat else 0,
        ENDOFCHAIN,
        0,
    ) + b"".join(struct.pack("<I", v) for v in difat)
    assert len(header) == SECTOR
    return header + bytes(body) + fat_bytes
