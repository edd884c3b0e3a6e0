# Generated from spec/*.yaml by "python -m codegen"; do not edit.
(
    'The mainline kernel releases kpageflags covers, oldest first: from 2.6.25, the first '
    'release with /proc/kpageflags, to 7.3. A stable point release (6.6.30) or a release '
    'candidate (7.1-rc3) is decoded with the facts as they stood at that point: ranges in the '
    'other files can start or end at one, so a stable backport or a change reverted before '
    'the release is seen there. To add a release, append it here, then record what changed in '
    'the other files. A release that changed nothing the spec records is written as a '
    'mapping, with the evidence that it exists and of what was checked for it.'
)

from __future__ import annotations

# typing is not imported: reading a release name (slabinfo --kernel) starts without it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, Tuple

RELEASES: Final[Tuple[str, ...]] = (
    '2.6.25',
    '2.6.26',
    '2.6.27',
    '2.6.28',
    '2.6.29',
    '2.6.30',
    '2.6.31',
    '2.6.32',
    '2.6.33',
    '2.6.34',
    '2.6.35',
    '2.6.36',
    '2.6.37',
    '2.6.38',
    '2.6.39',
    '3.0',
    '3.1',
    '3.2',
    '3.3',
    '3.4',
    '3.5',
    '3.6',
    '3.7',
    '3.8',
    '3.9',
    '3.10',
    '3.11',
    '3.12',
    '3.13',
    '3.14',
    '3.15',
    '3.16',
    '3.17',
    '3.18',
    '3.19',
    '4.0',
    '4.1',
    '4.2',
    '4.3',
    '4.4',
    '4.5',
    '4.6',
    '4.7',
    '4.8',
    '4.9',
    '4.10',
    '4.11',
    '4.12',
    '4.13',
    '4.14',
    '4.15',
    '4.16',
    '4.17',
    '4.18',
    '4.19',
    '4.20',
    '5.0',
    '5.1',
    '5.2',
    '5.3',
    '5.4',
    '5.5',
    '5.6',
    '5.7',
    '5.8',
    '5.9',
    '5.10',
    '5.11',
    '5.12',
    '5.13',
    '5.14',
    '5.15',
    '5.16',
    '5.17',
    '5.18',
    '5.19',
    '6.0',
    '6.1',
    '6.2',
    '6.3',
    '6.4',
    '6.5',
    '6.6',
    '6.7',
    '6.8',
    '6.9',
    '6.10',
    '6.11',
    '6.12',
    '6.13',
    '6.14',
    '6.15',
    '6.16',
    '6.17',
    '6.18',
    '6.19',
    '7.0',
    '7.1',
    '7.2',
    '7.3',
)

# Each vendor kernel of spec/overlays.yaml as reading a release name needs it: its name, its
# mainline base and what its uname -r contains. The records themselves (overlays.py, and the
# evidence in recorded_releases.py) load only when asked for: their classes cost a command's
# start-up a tenth.
OVERLAY_NAMES: Final[Tuple[Tuple[str, str, str], ...]] = (
    ('rhel-9.6', '5.14', '.el9_6'),
)
