"""The project's small tree of errors; each message is a sentence naming what to fix."""


class NorrbottenError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigurationError(NorrbottenError):
    """A file under sites/ or a setting is wrong."""


class ContentError(NorrbottenError):
    """Content (demo files, an import, a CMS record) cannot be used as it is."""
