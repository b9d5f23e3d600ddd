"""The tool's version, in a module of its own so that any floor of the package can name it.

The version is the installed distribution's (setuptools-scm takes it from the git tag when the
package is built or installed), so a wheel, an editable install and a clone without tags each say
what they are. Imported from a source folder that was never installed, it is the fallback.
"""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "uppdrag-docs"
FALLBACK = "0.0"
"""As `fallback_version` in pyproject.toml: the version of a source folder without git."""

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # pragma: no cover - only outside an installation
    __version__ = FALLBACK

TOOL = f"uppdrag-docs {__version__}"
"""How outputs name their maker: document properties, manifests, PDF producers."""

REPOSITORY = "uppdrag-docs/uppdrag-docs"
"""Where uppdrag-docs is published on GitHub (owner/name), as pyproject.toml's [project.urls]
says: the action and the pre-commit hooks a kommun's repository names, and the path of the
GitLab component on the GitLab the kommun mirrors uppdrag-docs to."""
