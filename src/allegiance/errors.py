"""One exception family; the CLI turns each into a one-line message."""


class AllegianceError(Exception):
    """Base for every error we expect a user to see."""


class BadInput(AllegianceError):
    """An input file or argument that cannot be used (missing, empty, binary, wrong encoding)."""


class NotFound(AllegianceError):
    """A named thing (entity, file, model) that does not exist."""


class InvalidData(AllegianceError):
    """A data file (lexicon, gazetteer, gold) that breaks its schema; says file and line."""
