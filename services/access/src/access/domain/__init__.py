"""The access rules (ACC-01..71), pure: no I/O, no framework. `decide` is the one gate."""
