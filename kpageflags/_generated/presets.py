# Generated from spec/presets.yaml by "python -m codegen"; do not edit.
(
    'Named configs for kernels whose .config is not at hand: distribution-like defaults for '
    "each architecture with a released kernel's BTF in the wild, taken from Debian's kernel "
    'configs where Debian builds the port. Only the options that the layouts in '
    'pageflags.yaml test are listed; an option a release does not have is simply never '
    "tested. Options of old releases that Debian's configs no longer carry are set as those "
    "releases' Kconfig defaults or selects would set them on a 64-bit distribution kernel, "
    'and say so. An option an architecture could build only from some release on is listed '
    'under by_release with the releases it holds for, and is off outside them. The aliases '
    'are the other names users type for an architecture: what uname -m prints, and what '
    'distributions call their port.'
)

from __future__ import annotations

from ..facts.evidence import Evidence
from ..facts.model import ArchAlias, ConfigNumber, ConfigPreset, PresetValueRange

# typing is not imported: a command reading these tables starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

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
    ConfigPreset(
        name='ppc64le',
        doc=(
            "A distribution little-endian 64-bit PowerPC kernel (Debian's ppc64el powerpc64le "
            'flavour). The page size does not change the layout: with a virtual memmap '
            "page->flags holds no section number, so 4 KiB (Debian's 6.12) and 64 KiB (its "
            '6.1, and the 6.12 -64k flavour) kernels lay out their flags and fields alike.'
        ),
        values=(
            ('64BIT', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_FAILURE', 'y'),
            ('MEMORY_HOTPLUG', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '8'),
            ('NR_CPUS', '2048'),
            ('NUMA', 'y'),
            ('NUMA_BALANCING', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('PAGE_IDLE_FLAG', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DEVICE', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.12.118+deb12',
                path='config.ppc64el_none_powerpc64le',
                note=(
                    "Debian's linux-config-6.12 package for ppc64el (4 KiB pages); every "
                    'value but the last three'
                ),
            ),
            Evidence(
                kind='doc',
                release='6.12.118+deb12',
                path='config.ppc64el_none_powerpc64le-64k',
                note='the 64 KiB page flavour of the same package has the same values',
            ),
            Evidence(
                kind='doc',
                release='6.1.192+deb12',
                path='config.ppc64el_none_powerpc64le',
                note=(
                    "Debian's linux-config-6.1 package (64 KiB pages) agrees, except that it "
                    'has no PAGE_IDLE_FLAG and no ZONE_DEVICE'
                ),
            ),
        ),
        unverified='PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.',
    ),
    ConfigPreset(
        name='ppc64',
        doc=(
            "A big-endian 64-bit PowerPC kernel, as Debian's ppc64 port builds it. Byte order "
            'does not change page->flags, whose bits and fields are numbers; the values are '
            'those of ppc64le.'
        ),
        values=(
            ('64BIT', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_FAILURE', 'y'),
            ('MEMORY_HOTPLUG', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '8'),
            ('NR_CPUS', '2048'),
            ('NUMA', 'y'),
            ('NUMA_BALANCING', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('PAGE_IDLE_FLAG', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DEVICE', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.1.176+deb12',
                path='debian/config/kernelarch-powerpc/config-arch-64-be',
                note=(
                    "Debian's linux 6.1.176-1 source package: its powerpc64 flavour's "
                    'fragments (config, kernelarch-powerpc/config, config-arch-64, '
                    'config-arch-64-be) merged and completed by make ARCH=powerpc '
                    "olddefconfig in the package's tree give every value above but "
                    'ZONE_DEVICE and PAGE_IDLE_FLAG (off there, as in its ppc64el 6.1 config) '
                    'and the last three'
                ),
            ),
        ),
        unverified=(
            "ZONE_DEVICE and PAGE_IDLE_FLAG are ppc64el's 6.12 values; no 6.12 config of the "
            "ppc64 port was read. openSUSE's ppc64 config of 3.1.0-rc6 "
            '(openSUSE/kernel-source config/ppc64/default, commit 000742c0650e) has NR_CPUS '
            '1024 and classic SPARSEMEM without a virtual memmap, which would put a section '
            'number in page->flags: old big-endian distribution kernels differ. '
            'PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.'
        ),
    ),
    ConfigPreset(
        name='powerpc',
        doc=(
            "A 32-bit PowerPC kernel (Debian's powerpc port, powerpc-smp flavour): flat "
            'memory, a DMA zone, high memory, no NUMA.'
        ),
        values=(
            ('FLATMEM', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('HIGHMEM', 'y'),
            ('LRU_GEN', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NR_CPUS', '4'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DMA', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.1.176+deb12',
                path='debian/config/powerpc/config.powerpc-smp',
                note=(
                    "Debian's linux 6.1.176-1 source package: the powerpc-smp flavour's "
                    'fragments (config, kernelarch-powerpc/config, powerpc/config.powerpc, '
                    'config.powerpc-smp) merged and completed by make ARCH=powerpc '
                    "olddefconfig in the package's tree give every value above but the last "
                    'two (no MEMORY_FAILURE, TRANSPARENT_HUGEPAGE or SPARSEMEM)'
                ),
            ),
        ),
        unverified='UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.',
    ),
    ConfigPreset(
        name='s390x',
        doc=(
            "A distribution s390x kernel (Debian's s390x flavour); s390 has no NUMA and no "
            'memory-failure handling in these configs.'
        ),
        values=(
            ('64BIT', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_HOTPLUG', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NR_CPUS', '256'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('PAGE_IDLE_FLAG', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DMA', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.12.107+deb13',
                path='boot/config-6.12.107+deb13-s390x',
                note=(
                    "Debian 13's linux-image-6.12.107+deb13-s390x package; every value but "
                    'the last three'
                ),
            ),
            Evidence(
                kind='doc',
                release='6.1.176+deb12',
                path='config.s390x_none_s390x',
                note=(
                    "Debian's linux-config-6.1 package for s390x agrees, except that it has "
                    'no PAGE_IDLE_FLAG'
                ),
            ),
        ),
        unverified='PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.',
    ),
    ConfigPreset(
        name='riscv64',
        doc="A distribution 64-bit RISC-V kernel (Debian's riscv64 flavour).",
        values=(
            ('64BIT', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '2'),
            ('NR_CPUS', '128'),
            ('NUMA', 'y'),
            ('NUMA_BALANCING', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('PAGE_IDLE_FLAG', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DMA32', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.12.117+deb13',
                path='config.riscv64_none_riscv64',
                note=(
                    "Debian 13's linux-config-6.12 package for riscv64; every value but the "
                    'last three'
                ),
            ),
        ),
        unverified='PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.',
        by_release=(
            PresetValueRange(
                symbol='MEMORY_HOTPLUG',
                value='y',
                since='6.11',
                until=None,
                evidence=(
                    Evidence(
                        kind='patch',
                        subject='riscv: Enable memory hotplugging for RISC-V',
                        date='2024-06-05',
                        note=(
                            'v4 08/11 of the series: arch/riscv/Kconfig selects '
                            'ARCH_ENABLE_MEMORY_HOTPLUG (with SPARSEMEM_VMEMMAP) for the '
                            'first time, after the 6.10 merge window had closed'
                        ),
                    ),
                    Evidence(
                        kind='patch',
                        subject='[GIT PULL] RISC-V Patches for the 6.11 Merge Window, Part 1',
                        date='2024-07-20',
                        note='lists memory hot(un)plug; merged for 6.11-rc1 as f557af081de6',
                    ),
                    Evidence(
                        kind='source',
                        release='6.1.176',
                        path='arch/riscv/Kconfig',
                        tree='debian/linux_6.1.176.orig.tar.xz',
                        note=(
                            'no ARCH_ENABLE_MEMORY_HOTPLUG, so MEMORY_HOTPLUG cannot be set '
                            'before 6.11'
                        ),
                    ),
                ),
                unverified=None,
            ),
            PresetValueRange(
                symbol='ZONE_DEVICE',
                value='y',
                since='6.11',
                until=None,
                evidence=(
                    Evidence(
                        kind='source',
                        release='6.1.176',
                        path='mm/Kconfig',
                        tree='debian/linux_6.1.176.orig.tar.xz',
                        note=(
                            'ZONE_DEVICE depends on MEMORY_HOTPLUG, MEMORY_HOTREMOVE, '
                            'SPARSEMEM_VMEMMAP and ARCH_HAS_PTE_DEVMAP; arch/riscv/Kconfig of '
                            'the same tree selects neither ARCH_ENABLE_MEMORY_HOTPLUG nor '
                            'ARCH_HAS_PTE_DEVMAP, so riscv could not have it'
                        ),
                    ),
                    Evidence(
                        kind='patch',
                        subject='riscv: Enable memory hotplugging for RISC-V',
                        date='2024-06-05',
                        note=(
                            'the series that made MEMORY_HOTPLUG possible on riscv, merged '
                            'for 6.11-rc1'
                        ),
                    ),
                ),
                unverified=(
                    'only the dependency on MEMORY_HOTPLUG (possible from 6.11) was read; '
                    'where riscv first selected ARCH_HAS_PTE_DEVMAP was not, so ZONE_DEVICE '
                    'is assumed from 6.11 as well'
                ),
            ),
        ),
    ),
    ConfigPreset(
        name='loongarch64',
        doc="A distribution LoongArch kernel (Debian's loong64 port, Alpine's loongarch64).",
        values=(
            ('64BIT', 'y'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MEMORY_HOTPLUG', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '6'),
            ('NR_CPUS', '2048'),
            ('NUMA', 'y'),
            ('NUMA_BALANCING', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('SPARSEMEM', 'y'),
            ('SPARSEMEM_VMEMMAP', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DMA32', 'y'),
        ),
        evidence=(),
        unverified=(
            "Debian's loong64 port config could not be read here. NUMA, NUMA_BALANCING, "
            "MEMORY_HOTPLUG and TRANSPARENT_HUGEPAGE are set in Alpine's "
            'main/linux-lts/lts.loongarch64.config (a defconfig-style file, '
            'alpinelinux/aports commit 08037c6745ae); NODES_SHIFT 6, NR_CPUS 2048 and the '
            'virtual memmap (ARCH_SPARSEMEM_ENABLE selects SPARSEMEM_VMEMMAP_ENABLE) are the '
            'defaults of arch/loongarch/Kconfig read at torvalds/linux commit 009ee0c96416, '
            'whose release was not established. PAGE_IDLE_FLAG is left off as in the BTF of '
            "bcc's 6.2 and 6.14 headers."
        ),
    ),
    ConfigPreset(
        name='mips64',
        doc=(
            "A distribution 64-bit MIPS kernel (Debian's mips64el loongson-3 flavour, 16 KiB "
            'pages). It uses classic SPARSEMEM without a virtual memmap, so page->flags holds '
            'a section number: MAX_PHYSMEM_BITS 48 less SECTION_SIZE_BITS 28 (29 only with 64 '
            'KiB pages and huge TLB support), 20 bits.'
        ),
        values=(
            ('64BIT', 'y'),
            ('ARCH_MAX_PHYSMEM_BITS', '48'),
            ('ARCH_SECTION_SIZE_BITS', '28'),
            ('HAVE_MLOCKED_PAGE_BIT', 'y'),
            ('LRU_GEN', 'y'),
            ('MIGRATION', 'y'),
            ('MMU', 'y'),
            ('NODES_SHIFT', '6'),
            ('NR_CPUS', '16'),
            ('NUMA', 'y'),
            ('PAGEFLAGS_EXTENDED', 'y'),
            ('SPARSEMEM', 'y'),
            ('TRANSPARENT_HUGEPAGE', 'y'),
            ('UNEVICTABLE_LRU', 'y'),
            ('ZONE_DMA32', 'y'),
        ),
        evidence=(
            Evidence(
                kind='doc',
                release='6.1.176+deb12',
                path='config.mips64el_none_loongson-3',
                note=(
                    "Debian's linux-config-6.1 package for mips64el: no SPARSEMEM_VMEMMAP, "
                    'NUMA_BALANCING, MEMORY_HOTPLUG, MEMORY_FAILURE or PAGE_IDLE_FLAG; '
                    'MIPS_HUGE_TLB_SUPPORT with 16 KiB pages'
                ),
            ),
            Evidence(
                kind='source',
                release='6.1.176',
                path='arch/mips/include/asm/sparsemem.h',
                tree='debian/linux-headers-6.1.0-50-common',
                note=(
                    'SECTION_SIZE_BITS 28 unless huge TLB support and 64 KiB pages (29); '
                    'MAX_PHYSMEM_BITS 48'
                ),
            ),
        ),
        unverified='PAGEFLAGS_EXTENDED, UNEVICTABLE_LRU and HAVE_MLOCKED_PAGE_BIT as for x86_64.',
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

ARCH_ALIASES: Final[Tuple[ArchAlias, ...]] = (
    ArchAlias(name='amd64', preset='x86_64', spelling='distribution'),
    ArchAlias(name='x86-64', preset='x86_64', spelling='distribution'),
    ArchAlias(name='aarch64', preset='arm64', spelling='uname'),
    ArchAlias(name='i486', preset='i386', spelling='uname'),
    ArchAlias(name='i586', preset='i386', spelling='uname'),
    ArchAlias(name='i686', preset='i386', spelling='uname'),
    ArchAlias(name='armv6l', preset='arm', spelling='uname'),
    ArchAlias(name='armv7l', preset='arm', spelling='uname'),
    ArchAlias(name='armv8l', preset='arm', spelling='uname'),
    ArchAlias(name='armhf', preset='arm', spelling='distribution'),
    ArchAlias(name='armel', preset='arm', spelling='distribution'),
    ArchAlias(name='ppc64el', preset='ppc64le', spelling='distribution'),
    ArchAlias(name='powerpc64le', preset='ppc64le', spelling='distribution'),
    ArchAlias(name='powerpc64', preset='ppc64', spelling='distribution'),
    ArchAlias(name='ppc', preset='powerpc', spelling='uname'),
    ArchAlias(name='loong64', preset='loongarch64', spelling='distribution'),
    ArchAlias(name='mips64el', preset='mips64', spelling='distribution'),
)
