"""The one exception of the import: the file cannot be turned into a plan at all."""


class PlanFormatError(ValueError):
    """Raised with a Vietnamese message naming the line/row and the problem.

    The import is all-or-nothing: when this is raised, nothing of the file is used.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
