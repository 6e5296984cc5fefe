"""The error a form service raises when what the user entered has problems."""


class FormValidationError(ValueError):
    """A form has problems; nothing was saved.

    Attributes:
        problems: field name -> a sentence for the user.
    """

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(" ".join(problems.values()))
        self.problems = problems
