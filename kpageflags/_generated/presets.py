# Generated from spec/presets.yaml by "python -m codegen"; do not edit.
(
    'Named configs for kernels whose .config is not at hand: distribution-like defaults for '
    "x86_64 and arm64, taken from Debian's kernel configs. Only the options that the layouts "
    'in pageflags.yaml test are listed; an option a release does not have is simply never '
    "tested. Options of old releases that Debian's configs no longer carry are set as those "
    "releases' Kconfig defaults or selects would set them on a 64-bit distribution kernel, "
    'and say so.'
)

from __future__ import annotations

from typing import Final, Tuple

from ..facts.model import ConfigNumber, ConfigPreset, Evidence

CONFIG_PRESETS: Final[Tuple[ConfigPreset, ...]] = (
    ConfigPreset(
        name='x86_64',
        doc="A distribution x86_64 kernel (Debian's amd64 flavour).",
        values=(
            ('64BIT', 'y'),
            ('ARCH_USES_PG_ARCH_2', 'y'),
            ('ARCH_USES_PG_UNCACHED', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_FAILURE', 'y'),
            ('MEMORY_HOTPLUG', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '10'),
            ('NR_CPUS', '8192'),
            ('NUMA', 'y'),
            ('NUMA_BALANCING', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('PAGE_IDLE_FLAG', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('X86_PAT', 'y'),
            ('ZONE_DEVICE', 'y'),
            ('ZONE_DMA', 'y'),
            ('ZONE_DMA32', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.12.117+deb12',
                path='config.amd64_none_amd64',
                note="Debian's linux-config-6.12 package; every value above but the last three",
            ),
            Evidence(
                kind='doc',
                release='6.1.192+deb12',
                path='config.amd64_none_amd64',
                note="Debian's linux-config-6.1 package agrees, except that it has no PAGE_IDLE_FLAG",
            ),
        ),
        unverified=(
            'PAGEFLAGS_EXTENDED (until 4.4), UNEVICTABLE_LRU (2.6.28-2.6.30) and '
            'HAVE_MLOCKED_PAGE_BIT (2.6.30-2.6.32) are set as their Kconfig defaults on '
            '64-bit were remembered; no old distribution config was read.'
        ),
    ),
    ConfigPreset(
        name='arm64',
        doc=(
            "A distribution arm64 kernel (Debian's arm64 flavour, 4 KiB pages, MTE support "
            'built in).'
        ),
        values=(
            ('64BIT', 'y'),
            ('ARCH_USES_PG_ARCH_2', 'y'),
            ('ARCH_USES_PG_ARCH_3', 'y'),
            ('ARCH_USES_PG_ARCH_X', 'y'),
            ('ARM64_MTE', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_FAILURE', 'y'),
            ('MEMORY_HOTPLUG', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '4'),
            ('NR_CPUS', '512'),
            ('NUMA', 'y'),
            ('NUMA_BALANCING', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('PAGE_IDLE_FLAG', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DEVICE', 'y'),
            ('ZONE_DMA', 'y'),
            ('ZONE_DMA32', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.12.117+deb12',
                path='config.arm64_none_arm64',
                note="Debian's linux-config-6.12 package",
            ),
            Evidence(
                kind='doc',
                release='6.1.192+deb12',
                path='config.arm64_none_arm64',
                note="Debian's linux-config-6.1 package (NR_CPUS 256 there)",
            ),
        ),
        unverified=(
            'ARCH_USES_PG_ARCH_X (6.2-6.11) is set because ARM64_MTE selects it; '
            'PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.'
        ),
    ),
    ConfigPreset(
        name='i386',
        doc="A distribution 32-bit x86 kernel (Debian's 686-pae flavour).",
        values=(
            ('ARCH_USES_PG_UNCACHED', 'y'),
            ('FLATMEM', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('HIGHMEM', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_FAILURE', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NR_CPUS', '32'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('X86_PAT', 'y'),
            ('ZONE_DMA', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.1.176+deb12',
                path='config.i386_none_686-pae',
                note="Debian's linux-config-6.1 package for i386",
            ),
        ),
        unverified='PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.',
    ),
    ConfigPreset(
        name='arm',
        doc="A distribution 32-bit arm kernel (Debian's armmp flavour).",
        values=(
            ('FLATMEM', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('HIGHMEM', 'y'),
            ('LRU_GEN', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NR_CPUS', '8'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DMA', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.1.176+deb12',
                path='config.armhf_none_armmp',
                note="Debian's linux-config-6.1 package for armhf",
            ),
        ),
        unverified=(
            'UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64; PAGEFLAGS_EXTENDED is '
            'left off, as its Kconfig default is for 64-bit or SPARSEMEM_VMEMMAP kernels (not '
            'read from a tree).'
        ),
    ),
)

CONFIG_NUMBERS: Final[Tuple[ConfigNumber, ...]] = (
    ConfigNumber(
        symbol='NODES_SHIFT',
        low=0,
        high=15,
        doc=(
            'The log2 of the most NUMA nodes, and so the width of the node field. Kconfig '
            'offers 1 to 10 (1 to 15 on early x86_64); without NUMA the kernel uses 0.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='arm64: NUMA: Kconfig: Increase NODES_SHIFT to 4',
                date='2020-10-29',
                note='its context shows NODES_SHIFT with range 1 10',
            ),
            Evidence(
                kind='patch',
                subject='x86: Modify Kconfig to allow up to 4096 cpus',
                date='2008-03-25',
                note='its context shows NODES_SHIFT with range 1 15 if X86_64',
            ),
        ),
        unverified=None,
    ),
    ConfigNumber(
        symbol='NR_CPUS',
        low=1,
        high=8192,
        doc=(
            'The most CPUs the kernel supports; the CPU part of last_cpupid is as wide as its '
            'log2. 1 without SMP; x86_64 goes up to 8192.'
        ),
        evidence=(
            Evidence(
                kind='patch',
                subject='x86/Kconfig: Allow NR_CPUS between 512 and 8192',
                date='2024-02-20',
                note='its context shows NR_CPUS_RANGE_END as 8192 with SMP and 1 without',
            ),
        ),
        unverified=None,
    ),
    ConfigNumber(
        symbol='ARCH_MAX_PHYSMEM_BITS',
        low=1,
        high=64,
        doc=(
            "Not a Kconfig option: the architecture's MAX_PHYSMEM_BITS, which a config may "
            'give so that the section field of classic SPARSEMEM can be sized.'
        ),
        evidence=(),
        unverified='the bounds only keep a physical address within a 64-bit word',
    ),
    ConfigNumber(
        symbol='ARCH_SECTION_SIZE_BITS',
        low=1,
        high=64,
        doc=(
            "Not a Kconfig option: the architecture's SECTION_SIZE_BITS, given with "
            'ARCH_MAX_PHYSMEM_BITS; the section field is as wide as their difference.'
        ),
        evidence=(),
        unverified='the bounds only keep a section within a 64-bit word',
    ),
)
