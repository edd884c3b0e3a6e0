"""A page-types-compatible scanner: the kernel's tools/mm/page-types, release by release."""
