// Placeholder module file; filled by later issues.
