"""Where are things? The one module that knows the project's folders, and the one rule for user paths.

Every folder can be overridden by an environment variable (``KIT_DATA``,
``KIT_CACHE``, ``KIT_REPORTS``) or by the argument of the function that uses it.

>>> from kit import paths
>>> paths.SAMPLE_CORPUS.name
'sample'
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _folder(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser().resolve() if value else default


DATA_DIR = _folder("KIT_DATA", PROJECT_ROOT / "data")
SAMPLE_CORPUS = DATA_DIR / "sample"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
ACTORS_FILE = DATA_DIR / "actors.yml"
FRAMES_FILE = DATA_DIR / "frames.yml"
NAMING_FILE = DATA_DIR / "naming.yml"
STOPWORDS_FILE = DATA_DIR / "stopwords.txt"


def cache_dir() -> Path:
    """The on-disk cache folder (``KIT_CACHE`` or ``.cache/`` at the project root).

    >>> cache_dir().name in {".cache", cache_dir().name}
    True
    """
    return _folder("KIT_CACHE", PROJECT_ROOT / ".cache")


def reports_dir() -> Path:
    """The reports folder (``KIT_REPORTS`` or ``reports/`` at the project root).

    >>> reports_dir().name in {"reports", reports_dir().name}
    True
    """
    return _folder("KIT_REPORTS", PROJECT_ROOT / "reports")


def resolve(path: str | os.PathLike) -> Path:
    """The one rule for every path a user gives, to read or to write: absolute paths as
    they are; a relative path from the working directory if it exists there, else from the
    project root, so notebooks run from ``notebooks/`` can say ``data/sample`` or ``reports``.

    >>> resolve("data/sample") == SAMPLE_CORPUS
    True
    """
    p = Path(path).expanduser()
    if p.is_absolute() or p.exists():
        return p.resolve()
    candidate = PROJECT_ROOT / p
    return candidate.resolve() if candidate.exists() else p.resolve()


def output_dir(folder: str | os.PathLike | None = None) -> Path:
    """A reports folder by the same rule as :func:`resolve`; ``None`` or ``""`` means
    :func:`reports_dir`.

    >>> output_dir("reports") == resolve("reports")
    True
    """
    return resolve(folder) if folder else reports_dir()


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running on this machine: a lock file or a folder left by a
    process that is gone can be cleared (a store build's lock, a report's building folder).

    >>> process_alive(os.getpid()), process_alive(-1)
    (True, False)
    """
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but another user's
        return True
    return True


def return_freed_memory() -> None:
    """Collect garbage and hand the memory this process has freed back to the system: the
    pages Arrow's allocator keeps for reuse, and ``malloc_trim`` where the C library is glibc.
    A process that keeps running after a large step (a build's driver after listing a corpus,
    a Dask worker done with the spaCy pipeline) otherwise keeps the freed pages resident.

    >>> return_freed_memory()
    """
    import ctypes
    import gc

    import pyarrow

    gc.collect()
    pyarrow.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the collection is all there is
        pass


def limit_blas_threads():
    """One BLAS thread in this process (numpy's BLAS would start one per core): where the kit
    works in parallel it does so with processes, so two workers on two cores must not each start
    two threads (cleaning in two processes ran 15-25 % slower so). Returns threadpoolctl's limiter,
    a context manager that puts the former limits back on exit; called alone, the limit stays.

    >>> with limit_blas_threads():
    ...     pass
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")
