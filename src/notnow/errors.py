"""The one error users see: bad input, named by field, explained in their language."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input for `field`; `code` picks the message from data/content/*/errors.toml.

    A ValueError so callers that only know the standard library still catch it.
    """

    def __init__(self, field: str, code: str, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, with the field's name as the user knows it."""
        from notnow import content  # late: content imports nothing from here, but keep errors cheap

        try:
            tree = content.load(lang)
            label = str(tree["fields"].get(self.field, self.field))
            template = str(tree["errors"][self.code])
            return template.format(field=label, **{k: str(v) for k, v in self.params.items()})
        except (KeyError, IndexError, ValueError, OSError):
            # Content is tested to have every code; this only guards a broken install.
            details = ", ".join(f"{k}={v}" for k, v in self.params.items())
            return f"{self.field}: {self.code}" + (f" ({details})" if details else "")
