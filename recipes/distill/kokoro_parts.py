"""Move a converted Kokoro voice folder to the GPU machine in parts (issue 19, part 2).

The lent GPU machine has no network and one command carries at most 64 MiB together with the repository, while
the converted voice is 167 MB in fp32. Most of it is Kokoro's int8 weights as the converter dequantized them:
tensors with at most 256 distinct values. `pack` stores each such tensor as uint8 indices into its table of
values (exact: the table holds the very float32 values), keeps the other tensors and each file's header (metadata,
key order) as they are, puts the folder into one tar with every file's sha256 and cuts it into parts of
`--part-mb`; `join` puts the parts together again, rebuilds every file byte for byte (the voice's manifest checks
the weights' sha256) and checks that it did. The parts go to the device machine one command at a time (an ignored folder such as
`.kparts/`, carried part by part; what earlier commands left there stays while the machine is warm).

usage: python recipes/distill/kokoro_parts.py pack weights/kokoro .kparts --part-mb 12
       python recipes/distill/kokoro_parts.py join .kparts /tmp/kokoro      (on the device machine)
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import struct
import tarfile
from pathlib import Path

import torch
from safetensors.torch import load, save

INDEX, TABLE = "::index", "::table"  # suffixes of a coded tensor's two parts
HEADER = ".header"  # suffix of the tar member with a safetensors file's header as stored (it comes first)
SUMS = "SHA256SUMS"  # the tar member with the original files' sha256 (JSON: name -> hex digest)
MIN_ELEMENTS = 4096  # smaller tensors stay as they are


def encode(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """Tensors with at most 256 distinct values as (uint8 index, value table); others unchanged."""
    out = {}
    for name, t in tensors.items():
        if t.is_floating_point() and t.numel() >= MIN_ELEMENTS:
            table, index = torch.unique(t, return_inverse=True)
            if len(table) <= 256:
                out[name + INDEX] = index.to(torch.uint8).contiguous()
                out[name + TABLE] = table.contiguous()
                continue
        out[name] = t.contiguous()
    return out


def decode(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    out = {}
    for name, t in tensors.items():
        if name.endswith(TABLE):
            continue
        if name.endswith(INDEX):
            base = name[: -len(INDEX)]
            out[base] = tensors[base + TABLE][t.long()].contiguous()
        else:
            out[name] = t
    return out


def header(data: bytes) -> bytes:
    """A safetensors file's header as stored: 8 bytes of length, then JSON (padded) naming each tensor's bytes."""
    (n,) = struct.unpack("<Q", data[:8])
    return data[: 8 + n]


def rebuild(head: bytes, tensors: dict[str, torch.Tensor]) -> bytes:
    """The file's bytes again: its stored header (metadata and key order as written, which saving again would not
    keep) and each tensor's raw bytes at the offsets the header gives."""
    entries = {k: v for k, v in json.loads(head[8:]).items() if k != "__metadata__"}
    body = bytearray(max((e["data_offsets"][1] for e in entries.values()), default=0))
    for name, e in entries.items():
        start, end = e["data_offsets"]
        body[start:end] = tensors[name].contiguous().view(torch.uint8).numpy().tobytes()
    return head + bytes(body)


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))


def pack(src: Path, dest: Path, part_mb: float) -> list[Path]:
    buf = io.BytesIO()
    sums = {}
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for path in sorted(p for p in src.iterdir() if p.is_file()):
            data = path.read_bytes()
            sums[path.name] = hashlib.sha256(data).hexdigest()
            if path.suffix == ".safetensors":
                _add(tar, path.name + HEADER, header(data))
                data = save(encode(load(data)))
            _add(tar, path.name, data)
        _add(tar, SUMS, json.dumps(sums, indent=1).encode())
    blob = buf.getvalue()
    dest.mkdir(parents=True, exist_ok=True)
    size = int(part_mb * 1024 * 1024)
    parts = []
    for i in range(0, len(blob), size):
        part = dest / f"part{i // size:02d}"
        part.write_bytes(blob[i : i + size])
        parts.append(part)
    (dest / "count").write_text(str(len(parts)))
    return parts


def join(src: Path, dest: Path) -> None:
    count = int((src / "count").read_text())
    parts = [src / f"part{i:02d}" for i in range(count)]
    missing = [p.name for p in parts if not p.exists()]
    if missing:
        raise SystemExit(f"missing parts: {', '.join(missing)}")
    blob = b"".join(p.read_bytes() for p in parts)
    dest.mkdir(parents=True, exist_ok=True)
    sums, headers = None, {}
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r") as tar:
        for member in tar.getmembers():
            if not member.isfile() or "/" in member.name or member.name.startswith("."):
                raise SystemExit(f"unexpected member {member.name!r}")
            data = tar.extractfile(member).read()
            if member.name == SUMS:
                sums = json.loads(data)
                continue
            if member.name.endswith(HEADER):
                headers[member.name.removesuffix(HEADER)] = data
                continue
            if member.name.endswith(".safetensors"):
                data = rebuild(headers[member.name], decode(load(data)))
            (dest / member.name).write_bytes(data)
    if sums is None:
        raise SystemExit(f"no {SUMS} in the parts: packed by an older kokoro_parts.py, pack them again")
    bad = [n for n, digest in sums.items() if hashlib.sha256((dest / n).read_bytes()).hexdigest() != digest]
    if bad:
        raise SystemExit(f"joined files differ from the packed ones: {', '.join(bad)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pack")
    p.add_argument("src")
    p.add_argument("dest")
    p.add_argument("--part-mb", type=float, default=12.0)
    j = sub.add_parser("join")
    j.add_argument("src")
    j.add_argument("dest")
    args = ap.parse_args()
    if args.cmd == "pack":
        parts = pack(Path(args.src), Path(args.dest), args.part_mb)
        total = sum(p.stat().st_size for p in parts)
        print(f"{len(parts)} parts, {total / 1e6:.1f} MB in all, in {args.dest}")
    else:
        join(Path(args.src), Path(args.dest))
        print(f"joined into {args.dest}")


if __name__ == "__main__":
    main()
