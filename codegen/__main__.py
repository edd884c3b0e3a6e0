"""``python -m codegen [--check]``: regenerate, or verify that nothing is stale."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import SpecInvalid
from .generate import render, stale_files, write
from .reader import read_spec

FIX_COMMAND = "python -m codegen"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__)
    parser.add_argument(
        "--check", action="store_true", help="exit 1, naming the stale files, if any generated file is out of date"
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="the repository to read spec/ from and write into (default: this one)",
    )
    args = parser.parse_args(argv)
    root: Path = args.root
    try:
        spec = read_spec(root / "spec", display_root=root)
    except SpecInvalid as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        print(f"{len(invalid.errors)} error(s) in the spec; nothing was generated", file=sys.stderr)
        return 2
    files = render(spec)
    if args.check:
        stale = stale_files(root, files)
        if stale:
            for path in stale:
                print(f"stale: {path}", file=sys.stderr)
            print(f"generated files are out of date with spec/; run: {FIX_COMMAND}", file=sys.stderr)
            return 1
        print(f"{len(files)} generated files are up to date")
        return 0
    touched = write(root, files)
    for path in touched:
        print(f"{'wrote' if (root / path).exists() else 'removed'} {path}")
    print(f"{len(files)} generated files, {len(touched)} changed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
