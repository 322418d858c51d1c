"""A small exception family. Messages are Dutch and say what to do.

Only the CLIs and the page turn these into exit codes or `st.error`; library code raises.
"""


class WijzerError(Exception):
    """Base class: the message is shown to the user as-is."""

    exit_code = 1


class SettingsError(WijzerError):
    """A setting has a wrong value or an unknown name."""

    exit_code = 2


class SourceError(WijzerError):
    """One source could not be read (corrupt, empty, too large, not text...)."""


class DownloadError(SourceError):
    """An official document could not be downloaded."""


class IndexMissingError(WijzerError):
    """There is no index yet: build it first."""


class IndexUnavailableError(WijzerError):
    """The configured Chroma server cannot be reached."""


class ModelMismatchError(WijzerError):
    """The index was built with another embedding model than the one configured."""


class LLMError(WijzerError):
    """The language model did not answer (down, slow, error)."""


class RefreshBusyError(WijzerError):
    """Another refresh of the same index is running (exit code 3: try again later)."""

    exit_code = 3
