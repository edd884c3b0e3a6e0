"""``check-kernel --draft``: the spec change a kernel's BTF implies, pasted into a copy of the spec."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from btf_writer import write_btf
from conftest import NEWEST, REPO

from codegen.reader import read_spec
from kpageflags.analysis.checkkernel import check_kernel
from kpageflags.analysis.specdraft import draft_spec_change, mainline_of
from kpageflags.cli.main import main
from kpageflags.errors import BadValue
from kpageflags.facts.btf import read_vmlinux_enums
from kpageflags.facts.pglayout import pg_layout, preset_config, running_config
from kpageflags.facts.releases import endpoint_key, parse_release

NEXT = "7.4"


def spec_enums(release: str = NEWEST, preset: str = "x86_64") -> dict[str, list[tuple[str, int]]]:
    """The enums a kernel built as the spec says would publish in its BTF."""
    layout = pg_layout(release, preset)
    return {
        "pageflags": list(layout.enum_pageflags()),
        "pagetype": [(f"PGTY_{name}", value) for name, value in layout.page_type.types],
        "zone_type": [(f"ZONE_{name.upper()}", n) for n, name in enumerate(layout.zones)]
        + [("__MAX_NR_ZONES", len(layout.zones))],
    }


def renumbered(members: Sequence[str], aliases: dict[str, str]) -> list[tuple[str, int]]:
    """enum pageflags with these members in order, then aliases (name to member) at their bits."""
    bits = {name: bit for bit, name in enumerate(members)}
    return [
        *((f"PG_{name}", bit) for name, bit in bits.items()),
        ("__NR_PAGEFLAGS", len(members)),
        *((f"PG_{alias}", bits[of]) for alias, of in aliases.items()),
    ]


def next_release_enums() -> dict[str, list[tuple[str, int]]]:
    """6.18 as x86_64 builds it, with PG_frozen added after PG_swapbacked and PG_dropbehind
    moved from after PG_unevictable to after PG_idle."""
    enums = spec_enums()
    flags = enums["pageflags"]
    cut = [name for name, _ in flags].index("__NR_PAGEFLAGS")
    members = [name[3:] for name, _ in flags[:cut]]
    values = dict(flags[:cut])
    aliases = {name[3:]: next(m[3:] for m, v in flags[:cut] if v == value) for name, value in flags[cut + 1 :]}
    members.remove("dropbehind")
    members.insert(members.index("swapbacked") + 1, "frozen")
    members.insert(members.index("idle") + 1, "dropbehind")
    assert values["PG_dropbehind"] == 19
    enums["pageflags"] = renumbered(members, aliases)
    return enums


def test_the_draft_names_the_added_and_the_moved_member(tmp_path: Path) -> None:
    btf = write_btf(tmp_path / "vmlinux", next_release_enums())
    draft = draft_spec_change(f"{NEXT}.0-rc2", preset_config("x86_64"), str(btf))
    assert draft.changes == ["PG_frozen is new, at bit 18", "PG_dropbehind moves from bit 19 to bit 24"]
    text = "\n".join(draft.lines())
    assert text.startswith(f"# the BTF of {NEXT}.0-rc2 against the spec's newest release, {NEWEST}")
    assert f'# spec/releases.yaml releases: append\n  - "{NEXT}"' in text
    assert f'unverified: "drafted from the BTF of {NEXT}.0-rc2; add evidence"' in text
    members = re.search(r"    members:\n((?:      - .*\n)+)", text + "\n")
    assert members is not None
    listed = [line.removeprefix("      - ") for line in members.group(1).splitlines()]
    # A member this config leaves out (arch_3) keeps its place and condition.
    assert listed[16:] == [
        "reclaim",
        "swapbacked",
        "frozen",
        "unevictable",
        '{name: mlocked, if: "MMU"}',
        '{name: hwpoison, if: "MEMORY_FAILURE"}',
        '{name: young, if: "PAGE_IDLE_FLAG && 64BIT"}',
        '{name: idle, if: "PAGE_IDLE_FLAG && 64BIT"}',
        "dropbehind",
        '{name: arch_2, if: "ARCH_USES_PG_ARCH_2"}',
        '{name: arch_3, if: "ARCH_USES_PG_ARCH_3"}',
    ]


def paste(spec: Path, draft: str) -> None:
    """Does what the draft's comments ask, on a copy of the spec, as a person would."""
    for block in draft.split("\n\n")[1:]:
        header, _, body = block.partition("\n")
        match = re.match(
            r'# spec/(\S+) (\w+): (?:end the (?:entry|alias \w+) since "([^"]+)" with until: "([^"]+)"[^,]*, )?',
            header,
        )
        assert match, header
        path = spec / match.group(1)
        text = path.read_text()
        if match.group(3):
            text = _end_entry(text, match.group(2), match.group(3), match.group(4))
        if body:
            text = _append_to_list(text, match.group(2), body)
        path.write_text(text)


def _end_entry(text: str, key: str, since: str, until: str) -> str:
    start = text.index(f"\n{key}:\n")
    found = text.index(f'\n  - since: "{since}"\n', start)
    end = found + len(f'\n  - since: "{since}"\n')
    # An entry that already ends gets the new end instead.
    rest = re.sub(r'^    until: "[^"]+"\n', "", text[end:], count=1)
    return text[:end] + f'    until: "{until}"\n' + rest


def _append_to_list(text: str, key: str, body: str) -> str:
    start = text.index(f"\n{key}:\n") + len(f"\n{key}:\n")
    following = re.search(r"^\S", text[start:], re.MULTILINE)
    end = start + following.start() if following else len(text)
    return text[:end] + body.rstrip("\n") + "\n" + text[end:]


def test_the_pasted_draft_is_a_valid_spec_that_gives_the_kernels_layout(tmp_path: Path) -> None:
    enums = next_release_enums()
    btf = write_btf(tmp_path / "vmlinux", enums)
    draft = "\n".join(draft_spec_change(NEXT, preset_config("x86_64"), str(btf)).lines())
    for part in ("spec", "kpageflags"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    paste(tmp_path / "spec", draft)
    read_spec(tmp_path / "spec", display_root=tmp_path)
    generated = subprocess.run(
        [sys.executable, "-m", "codegen", "--root", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert generated.returncode == 0, generated.stderr
    script = f"import kpageflags.facts.pglayout as p; print(list(p.pg_layout('{NEXT}', 'x86_64').enum_pageflags()))"
    layout = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(tmp_path), "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    assert layout.returncode == 0, layout.stderr
    assert layout.stdout.strip() == str(enums["pageflags"])


def test_a_kernel_like_the_newest_release_needs_no_change(tmp_path: Path) -> None:
    btf = write_btf(tmp_path / "vmlinux", spec_enums())
    draft = draft_spec_change(NEWEST, preset_config("x86_64"), str(btf))
    assert draft.unchanged
    assert draft.lines() == [
        f"# no change: the BTF of {NEWEST} agrees with the spec's newest release, {NEWEST} (config preset x86_64)"
    ]


def test_an_alias_a_page_type_and_a_zone_are_drafted(tmp_path: Path) -> None:
    enums = spec_enums()
    enums["pageflags"] = [(n, v) for n, v in enums["pageflags"] if n != "PG_savepinned"] + [("PG_sleepy", 16)]
    enums["pagetype"] = [*enums["pagetype"][:-1], ("PGTY_frozen", 0xF9), enums["pagetype"][-1]]
    enums["zone_type"] = [*enums["zone_type"][:-1], ("ZONE_CXL", 5), ("__MAX_NR_ZONES", 6)]
    btf = write_btf(tmp_path / "vmlinux", enums)
    draft = draft_spec_change(NEXT, preset_config("x86_64"), str(btf))
    assert draft.changes == [
        "PG_sleepy is a new alias of PG_reclaim",
        "PG_savepinned (an alias of PG_dirty, bit 4) is gone",
        "PGTY_frozen is new, 0xf9",
        "zone CXL is new, number 5",
    ]
    spec = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec)
    paste(spec, "\n".join(draft.lines()))
    # The alias's end is left to the person (an alias has no 'since' line to find): here, by hand.
    text = (spec / "pageflags.yaml").read_text()
    (spec / "pageflags.yaml").write_text(
        text.replace(
            '    of: dirty\n    context: [xen]\n    since: "2.6.27"\n',
            '    of: dirty\n    context: [xen]\n    since: "2.6.27"\n    until: "7.4"\n',
        )
    )
    read_spec(spec, display_root=tmp_path)


def test_check_kernel_draft_prints_the_draft_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    btf = write_btf(tmp_path / "vmlinux", next_release_enums())
    config = tmp_path / "config"
    config.write_text("".join(f"CONFIG_{k}={v}\n" for k, v in preset_config("x86_64").values.items()))
    status = main(["check-kernel", "--draft", "--kernel", NEXT, "--btf", str(btf), "--config", str(config), "--json"])
    record = json.loads(capsys.readouterr().out)
    assert (status, record["schema"], record["since"], record["base"]) == (
        1,
        "kpageflags.check-kernel-draft/2",
        NEXT,
        NEWEST,
    )
    assert '  - since: "7.4"' in record["yaml"]


def test_a_release_string_without_a_version_is_bad_input() -> None:
    assert mainline_of("6.19.0-rc3-amd64") == "6.19"
    with pytest.raises(BadValue, match="'vmlinuz' does not start with a kernel version"):
        mainline_of("vmlinuz")


@pytest.mark.live
@pytest.mark.skipif(not Path("/sys/kernel/btf/vmlinux").exists(), reason="this kernel publishes no BTF")
def test_this_machine_needs_no_change(tmp_path: Path) -> None:
    # The draft's base is the newest release: it can only agree if the spec gives this
    # machine's release the same enums as the newest one.
    if spec_enums(mainline_of(os.uname().release)) != spec_enums(NEWEST):
        pytest.skip(f"the spec's enums of {os.uname().release} differ from {NEWEST}'s")
    enums = read_vmlinux_enums(["pageflags", "pagetype", "zone_type"])
    frozen = write_btf(tmp_path / "vmlinux", {name: enum.members for name, enum in enums.items()})
    draft = draft_spec_change(os.uname().release, running_config(), str(frozen))
    assert draft.changes == []
    assert draft.lines()[0].startswith(f"# no change: the BTF of {os.uname().release} agrees")


def tutorial_command(step: str) -> list[str]:
    """The command a step of docs/tutorials/add-release.rst shows, as words."""
    text = (REPO / "docs" / "tutorials" / "add-release.rst").read_text()
    line = next(line.strip() for line in text.splitlines() if line.strip().startswith(step))
    return shlex.split(line.partition(">")[0], comments=True)


def test_the_add_release_tutorial(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = tutorial_command("kpageflags check-kernel --draft")
    release = words[words.index("--kernel") + 1]
    assert release == NEXT
    # The files the tutorial names, made for a kernel like the newest release with one new member.
    write_btf(tmp_path / words[words.index("--btf") + 1], next_release_enums())
    config = tmp_path / words[words.index("--config") + 1]
    config.write_text("".join(f"CONFIG_{k}={v}\n" for k, v in preset_config("x86_64").values.items()))
    monkeypatch.chdir(tmp_path)
    assert main(words[1:]) == 1
    draft = capsys.readouterr().out
    assert draft.startswith(f"# the BTF of {NEXT} against the spec's newest release")
    for part in ("spec", "kpageflags"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    paste(tmp_path / "spec", draft)
    codegen = tutorial_command("python -m codegen")
    assert codegen == ["python", "-m", "codegen"]
    for command in (codegen, [*codegen, "--check"]):
        result = subprocess.run(
            [sys.executable, *command[1:], "--root", str(tmp_path)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr


def test_a_covered_point_release_is_drafted_against_its_own_facts(tmp_path: Path) -> None:
    # A 6.14.3 kernel with the large_kmalloc page type, which the spec starts at 6.15.
    enums = spec_enums("6.14.3")
    enums["pagetype"] = [*enums["pagetype"][:-1], ("PGTY_large_kmalloc", 0xF8), enums["pagetype"][-1]]
    btf = write_btf(tmp_path / "vmlinux", enums)
    check = check_kernel(parse_release("6.14.3"), preset_config("x86_64"), str(btf))
    assert check.differences == ["PGTY_large_kmalloc: the kernel has 0xf8; the spec has no such type"]
    draft = draft_spec_change("6.14.3", preset_config("x86_64"), str(btf))
    assert (draft.since, draft.base, draft.changes) == ("6.14.3", "6.14.3", ["PGTY_large_kmalloc is new, 0xf8"])
    text = "\n".join(draft.lines())
    assert text.startswith("# the BTF of 6.14.3 against the spec's facts at 6.14.3")
    assert "establish where it started" in text
    assert "releases.yaml" not in text
    ended = 'end the entry since "6.12" with until: "6.14.3" (instead of its until: "6.15"), then append'
    assert f"# spec/pageflags.yaml page_types: {ended}" in text
    assert '  - since: "6.14.3"\n    until: "6.15"\n    kind: top_byte' in text
    spec = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec)
    paste(spec, text)
    read_spec(spec, display_root=tmp_path)


def ends(text: str) -> list[tuple[str, str]]:
    """Each (since, until) the draft asks to end an entry with."""
    return re.findall(r'since "([^"]+)" with until: "([^"]+)"', text)


def test_an_older_release_is_compared_with_its_facts_and_no_until_precedes_a_since(tmp_path: Path) -> None:
    btf = write_btf(tmp_path / "vmlinux", spec_enums("6.18"))
    check = check_kernel(parse_release("6.6"), preset_config("x86_64"), str(btf))
    draft = draft_spec_change("6.6", preset_config("x86_64"), str(btf))
    assert check.differences and draft.changes
    assert "PG_hugetlb (an alias of PG_active, bit 8) is gone" in draft.changes
    text = "\n".join(draft.lines())
    assert ends(text) and all(endpoint_key(since) < endpoint_key(until) for since, until in ends(text))
    # The hugetlb alias and the 6.6 enum start at 6.6 itself: they are replaced, not ended.
    assert '# spec/pageflags.yaml aliases: remove the alias hugetlb since "6.6", which starts here' in text
    assert (
        '# spec/pageflags.yaml enums: replace the entry since "6.6" with\n  - since: "6.6"\n    until: "6.10"' in text
    )


def test_a_kernel_like_its_own_release_needs_no_change(tmp_path: Path) -> None:
    btf = write_btf(tmp_path / "vmlinux", spec_enums("6.15.5"))
    assert draft_spec_change("6.15.5", preset_config("x86_64"), str(btf)).changes == []
    # Against the newest release's facts, the same kernel would seem to need changes.
    assert draft_spec_change(NEWEST, preset_config("x86_64"), str(btf)).changes


@pytest.mark.parametrize(
    ("kernel", "since"),
    [("7.3.2", "7.3.2"), ("6.15.0-rc3", "6.15-rc3"), ("6.15.0-13-amd64", "6.15"), ("6.15", "6.15"), ("7.4.1", "7.4")],
)
def test_the_draft_starts_at_the_release_given(tmp_path: Path, kernel: str, since: str) -> None:
    btf = write_btf(tmp_path / "vmlinux", spec_enums())
    assert draft_spec_change(kernel, preset_config("x86_64"), str(btf)).since == since
