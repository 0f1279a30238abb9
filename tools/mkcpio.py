#!/usr/bin/env python3
"""Write a directory tree as a cpio "newc" archive: irqlab's initramfs (make builds
build/initramfs.cpio from build/initramfs/ with it).

    mkcpio.py DIR > archive.cpio

The format is the one Linux's initramfs reads (Documentation/driver-api/early-userspace/
buffer-format.rst, "cpio newc format"): per entry a 110-byte ASCII header (magic 070701,
then 13 fields of 8 hex digits), the name with its NUL, padded to a multiple of 4, then
the data, padded to a multiple of 4; the archive ends with an entry named TRAILER!!!.

The output depends only on the tree's names, kinds and file contents: names sorted, a
directory before what it holds, mtime 0, uid and gid 0, modes 040755 and 0100644, inode
numbers counted from 1 in that order. Names are relative to DIR, without a leading "./"
or "/", as Linux's gen_init_cpio writes them. Only directories and regular files go in.
"""
import os
import stat
import sys

MAGIC = b"070701"
MODE_DIR = 0o040755
MODE_FILE = 0o100644
TRAILER = "TRAILER!!!"


def pad4(n):
    return (4 - n % 4) % 4


def entry(ino, name, mode, data=b"", nlink=1):
    name_bytes = name.encode() + b"\0"
    # c_ino, c_mode, c_uid, c_gid, c_nlink, c_mtime, c_filesize, c_devmajor, c_devminor,
    # c_rdevmajor, c_rdevminor, c_namesize, c_check (0: newc has no checksum)
    fields = (ino, mode, 0, 0, nlink, 0, len(data), 0, 0, 0, 0, len(name_bytes), 0)
    header = MAGIC + b"".join(b"%08X" % f for f in fields)
    head = header + name_bytes
    return head + b"\0" * pad4(len(head)) + data + b"\0" * pad4(len(data))


def walk(root):
    """[(name, is_dir)] below root, sorted by name (a directory's name sorts before
    the names under it, since "a" < "a/...")."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            path = os.path.join(dirpath, n)
            st = os.lstat(path)
            if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
                sys.exit("mkcpio: %s: only directories and regular files go in" % path)
            out.append((os.path.relpath(path, root).replace(os.sep, "/"),
                        stat.S_ISDIR(st.st_mode)))
    return sorted(out)


def archive(root):
    parts = []
    ino = 0
    for ino, (name, is_dir) in enumerate(walk(root), start=1):
        if is_dir:
            parts.append(entry(ino, name, MODE_DIR, nlink=2))
        else:
            with open(os.path.join(root, name), "rb") as f:
                parts.append(entry(ino, name, MODE_FILE, f.read()))
    parts.append(entry(0, TRAILER, 0, nlink=1))
    return b"".join(parts)


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: mkcpio.py DIR > archive.cpio")
    sys.stdout.buffer.write(archive(sys.argv[1]))


if __name__ == "__main__":
    main()
