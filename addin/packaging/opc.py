"""Packaging layer: an .xlsx read, edited and checked as an Office package (ECMA-376 Part 2).

`ukaipay lite` edits other people's workbooks, so it reads them as the standard defines a
package, not as one program happens to write it: part names are compared as
case-insensitive ASCII strings (Part 2, "Part names": "xl/webExtensions/webExtension1.xml"
and "xl/webextensions/webextension1.xml" are one part), a relationship's target is resolved
against its source part's folder, and a part has one content type. Anything it cannot
read exactly (a damaged, encrypted or Deflate64 member, a part named twice, XML that is
not well formed or not UTF-8) is refused in one line naming the part; a package it
changes is checked before a byte is written.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import string
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from ..base.errors import InvalidValueError

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what Excel writes and reads
_METHOD_NAMES = {9: "Deflate64", zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)  # a part added to a package: same content, same bytes
_FIX = "open it in Excel and save it again, then run ukaipay lite on the saved copy"


class PackageError(InvalidValueError):
    """A workbook that cannot be read or changed as a package; the message names the part."""


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def fold(name: str) -> str:
    """Return a part name as the standard compares it: ASCII letters in lower case, every
    other character as it is.

    >>> fold("xl/webExtensions/webExtension1.xml") == fold("XL/webextensions/WEBEXTENSION1.XML")
    True
    >>> fold("xl/Straße.xml")
    'xl/straße.xml'
    """
    return name.translate(_ASCII_LOWER)


def read(path: Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Return the zip entries and parts (name -> bytes) of the package at ``path``.

    Raises PackageError naming the part for a member named twice (in any case), encrypted,
    compressed other than as Excel does (Deflate64, bzip2, LZMA) or damaged (bad
    compressed data, a CRC mismatch), and for a file that is no zip at all.
    """
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            seen: dict[str, zipfile.ZipInfo] = {}
            for info in infos:
                other = seen.setdefault(fold(info.filename), info).filename
                if seen[fold(info.filename)] is not info:
                    twice = "twice" if other == info.filename else f'twice ("{other}")'
                    raise PackageError(f'"{path}" names the part "{info.filename}" {twice}: '
                                       f"part names ignore case, so this is no valid "
                                       f"workbook; {_FIX}.")
            return infos, {i.filename: _member(z, i, path) for i in infos}
    except PackageError:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, struct.error, NotImplementedError,
            OverflowError) as e:  # NotImplementedError: "zip file version 14.9"
        raise PackageError(f'"{path}" is not an Excel workbook (.xlsx), or it is damaged '
                           f"({e}).") from None
    except OSError as e:
        raise PackageError(f'Cannot read "{path}": {e.strerror or e}.') from None


def _member(z: zipfile.ZipFile, info: zipfile.ZipInfo, path) -> bytes:
    where = f'"{path}": the part "{info.filename}"'
    if info.flag_bits & 0x1:
        raise PackageError(f"{where} is encrypted; save the workbook without a password first.")
    if info.compress_type not in _METHODS:
        method = _METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise PackageError(f"{where} is compressed with {method}, which Excel does not "
                           f"write; {_FIX}.")
    try:
        return z.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError,
            ValueError) as e:  # BadZipFile: "Bad CRC-32"; zlib.error: damaged data
        raise PackageError(f"{where} is damaged ({e}); {_FIX}.") from None


def read_workbook(path: Path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Return an .xlsx's entries and parts (see read); raises InvalidValueError for any
    other file (.xls, .xlsb, a folder, no file)."""
    if path.is_dir():
        raise InvalidValueError(f'"{path}" is a folder, not a workbook.')
    if not path.is_file():  # also a name no file can have (a NUL in it)
        why = "is not a regular file" if os.path.lexists(path) else "does not exist"
        raise InvalidValueError(f'No workbook "{path}": it {why}.')
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError as e:
        raise InvalidValueError(f'Cannot read "{path}": {e.strerror or e}.') from None
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InvalidValueError(f'"{path}" is an .xls or a password-protected workbook: save it '
                                "as an Excel Workbook (.xlsx) without a password first.")
    if not zipfile.is_zipfile(path):
        raise InvalidValueError(f'"{path}" is not an Excel workbook (.xlsx).')
    infos, parts = read(path)
    if find(parts, "xl/workbook.bin"):
        raise InvalidValueError(f'"{path}" is a binary workbook (.xlsb): save it as an Excel '
                                "Workbook (.xlsx) first.")
    if not find(parts, "xl/workbook.xml") or not find(parts, CONTENT_TYPES):
        raise InvalidValueError(f'"{path}" is not an Excel workbook (.xlsx).')
    return infos, parts


def zipped(infos: list[zipfile.ZipInfo], parts: dict[str, bytes], new: dict[str, bytes]) -> bytes:
    """Return the .xlsx bytes of ``new``: the entries of ``infos`` in order with their
    settings, then the added parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in infos:
            z.writestr(info, new[info.filename])
        for name in sorted(set(new) - set(parts)):
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, new[name])
    return out.getvalue()


def find(parts: dict, name: str) -> str | None:
    """Return the name under which ``parts`` holds the part ``name`` (any case), or None."""
    if name in parts:
        return name
    wanted = fold(name)
    return next((n for n in parts if fold(n) == wanted), None)


def text(parts: dict[str, bytes], name: str) -> str:
    """Return the part ``name`` as text, to be edited; raises PackageError unless it is
    well-formed UTF-8 XML (a UTF-16 part is valid, but is not edited here)."""
    data = parts[name]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:4] in (b"<\0?\0", b"\0<\0?"):
        raise PackageError(f'The workbook\'s part "{name}" is UTF-16 XML; ukaipay lite edits '
                           f"only UTF-8 parts, as Excel writes them: {_FIX}.")
    parse(parts, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackageError(f'The workbook\'s part "{name}" is not UTF-8 text; {_FIX}.') from None


def parse(parts: dict[str, bytes], name: str) -> ElementTree.Element:
    """Return the root element of the XML part ``name``; raises PackageError if it is not
    well-formed XML."""
    try:
        return ElementTree.fromstring(parts[name])
    except ElementTree.ParseError as e:
        raise PackageError(f'The workbook\'s part "{name}" is not well-formed XML ({e}); '
                           f"{_FIX}, or remove the add-in that wrote it.") from None


def expect(parts: dict[str, bytes], name: str, tag: str, what: str) -> None:
    """Raise PackageError unless the XML part ``name`` has the root element ``tag``
    ("{namespace}local"); ``what`` names the kind of part in the message."""
    if parse(parts, name).tag != tag:
        raise PackageError(f'The workbook\'s part "{name}" is not {what} as the standard '
                           f"defines it; {_FIX}.")


def rels_of(part: str) -> str:
    """Return the name of the relationships part of ``part`` ("" for the package)."""
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def relationships(parts: dict[str, bytes], source: str) -> list[tuple[str, str, str]]:
    """Return (Id, Type, target part name) of each internal relationship of the part
    ``source`` ("" for the package's own), its target resolved against the source's
    folder; [] when it has no relationships part."""
    rels = find(parts, ROOT_RELS if source == "" else rels_of(source))
    if rels is None:
        return []
    folder = posixpath.dirname(source)
    out = []
    for r in parse(parts, rels).iter(f"{{{RELS_NS}}}Relationship"):
        if r.get("TargetMode") == "External":
            continue
        target = r.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        out.append((r.get("Id", ""), r.get("Type", ""), posixpath.normpath(target)))
    return out


def relative(source: str, target: str) -> str:
    """Return the Target that names part ``target`` from part ``source``'s relationships.

    >>> relative("xl/webExtensions/taskpanes.xml", "xl/webExtensions/webextension2.xml")
    'webextension2.xml'
    """
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def free_name(parts: dict, pattern: str, first: int = 1) -> str:
    """Return ``pattern`` (with {} for a number; 0 gives no number) with the lowest number
    from ``first`` that names no part in any case (a stale content-type entry for it is
    replaced by set_override, never doubled).

    >>> free_name({"xl/A.xml": b""}, "xl/a{}.xml", 0)
    'xl/a1.xml'
    """
    taken = {fold(n) for n in parts}
    n = first
    while fold(pattern.format(n or "")) in taken:
        n += 1
    return pattern.format(n or "")


_OVERRIDE = re.compile(r'<(?:\w+:)?Override\b[^>]*?/>|<(?:\w+:)?Override\b[^>]*?>\s*'
                       r'</(?:\w+:)?Override>')


def set_override(parts: dict[str, bytes], part: str, content_type: str) -> bytes:
    """Return [Content_Types].xml with exactly one Override giving ``part`` its
    ``content_type``: unchanged when it has one; any other entry for that part (any case,
    a stale one included) is replaced."""
    name = find(parts, CONTENT_TYPES)
    xml = text(parts, name)
    entries = [m for m in _OVERRIDE.finditer(xml) if fold(_attribute(m[0], "PartName"))
               == fold("/" + part)]
    if len(entries) == 1 and _attribute(entries[0][0], "ContentType") == content_type:
        return parts[name]
    for m in reversed(entries):
        xml = xml[:m.start()] + xml[m.end():]
    return insert_last(xml.encode("utf-8"), "Types",
                       f'<Override PartName="/{part}" ContentType="{content_type}"/>')


def _attribute(tag: str, name: str) -> str:
    m = re.search(rf'\b{name}\s*=\s*(["\'])(.*?)\1', tag)
    return m[2] if m else ""


def insert_last(xml: bytes, tag: str, fragment: str) -> bytes:
    """Return ``xml`` with ``fragment`` as the last child of its root ``tag`` (an empty
    root ``<tag .../>`` is opened); everything else stays as it was."""
    text_ = xml.decode("utf-8")
    close = re.search(rf"</(?:\w+:)?{tag}>\s*$", text_)
    if close:
        return (text_[:close.start()] + fragment + text_[close.start():]).encode("utf-8")
    empty = re.search(rf"<((?:\w+:)?{tag})\b([^>]*?)/>\s*$", text_)
    if not empty:
        raise PackageError(f"The workbook's {tag} part is not as Office writes it.")
    return (text_[:empty.start()] + f"<{empty[1]}{empty[2]}>{fragment}</{empty[1]}>"
            + text_[empty.end():]).encode("utf-8")


def check(before: dict[str, bytes], parts: dict[str, bytes]) -> None:
    """Raise PackageError unless ``parts`` (``before`` edited) is a valid package where it
    was changed: no part named twice in any case, every changed part well-formed XML, one
    content type per part and one for each changed part, unique relationship ids in each
    changed relationships part, and every relationship added pointing to a part."""
    # The content types and the package's relationships are checked whole: every edit
    # starts from them, and a broken entry there is no package to write.
    changed = [n for n in parts if before.get(n) != parts[n]
               or fold(n) in (fold(CONTENT_TYPES), ROOT_RELS)]
    seen: dict[str, str] = {}
    for n in parts:
        if seen.setdefault(fold(n), n) != n:
            _invalid(f'the part "{n}" would be there twice')
    for n in changed:
        parse(parts, n)
        if n.endswith(".rels"):
            expect(parts, n, f"{{{RELS_NS}}}Relationships", "a relationships part")
    ct_name = find(parts, CONTENT_TYPES)
    expect(parts, ct_name, f"{{{CT_NS}}}Types", "a content-types part")
    root = ElementTree.fromstring(parts[ct_name])
    entries = [(e.get("PartName") or e.get("Extension"), e.get("ContentType"))
               for e in root if e.tag in (f"{{{CT_NS}}}Override", f"{{{CT_NS}}}Default")]
    if ct_name in changed and not all(key and kind for key, kind in entries):
        _invalid(f'"{ct_name}" has an entry without its part name, extension or content type')
    names = [fold(o.get("PartName", "")) for o in root.iter(f"{{{CT_NS}}}Override")]
    if len(names) != len(set(names)):
        _invalid("a content type would be given twice")
    extensions = [fold(d.get("Extension", "")) for d in root.iter(f"{{{CT_NS}}}Default")]
    if len(extensions) != len(set(extensions)):
        _invalid("a content type would be given twice")
    defaults = set(extensions)
    for n in changed:
        if (n != CONTENT_TYPES and fold("/" + n) not in names
                and fold(n.rpartition(".")[2]) not in defaults):
            _invalid(f'the part "{n}" would have no content type')
    for n in changed:
        if not n.endswith(".rels"):
            continue
        rels = list(parse(parts, n).iter(f"{{{RELS_NS}}}Relationship"))
        if not all(r.get("Id") and r.get("Type") and r.get("Target") for r in rels):
            _invalid(f'"{n}" has a relationship without its Id, Type or Target')
        ids = [r.get("Id") for r in rels]
        if len(ids) != len(set(ids)):
            _invalid(f'the part "{n}" would give a relationship id twice')
        source = n.replace("_rels/", "", 1)[:-5] if n != ROOT_RELS else ""
        old = set(relationships(before, source)) if n in before else set()
        for _, _, target in set(relationships(parts, source)) - old:
            if find(parts, target) is None:
                _invalid(f'"{n}" would point to "{target}", which is not there')


def _invalid(why: str) -> None:
    raise PackageError(f"ukaipay lite cannot add its code to this workbook without making it "
                       f"invalid ({why}); nothing was written: {_FIX}.")
