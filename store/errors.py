"""Errors the store raises; messages are for people (the UI shows them as they are)."""


class StoreError(Exception):
    pass


class SchemaTooNew(StoreError):
    pass


class NotAWorkspace(StoreError):
    pass


class StaleVersion(StoreError):
    """A save based on an old version of a record: somebody else saved first."""

    def __init__(self, table: str, fid: int, expected: int, actual: int, theirs: dict):
        self.table, self.fid, self.expected, self.actual, self.theirs = table, fid, expected, actual, theirs
        super().__init__(f"{table} #{fid} was changed by someone else (version {actual}, "
                         f"you edited version {expected})")
