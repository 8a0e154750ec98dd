"""Getting MNIST: download (or read locally), verify, parse, cache.

    from nnlib.datasets import load_mnist
    (x_train, t_train), (x_test, t_test) = load_mnist()

Where the four MNIST files come from, first match wins:

1. ``load_mnist(source=...)`` or the environment variable ``NNLIB_MNIST_SOURCE``:
   a local folder holding the four files (``.gz`` or uncompressed; read in place,
   never copied; a relative path is taken from the current directory) or a base URL
   (``https://host/path/``) to download them from.
2. Otherwise the public mirrors in ``MIRRORS``, tried in turn.

Downloads are cached in ``NNLIB_DATA_DIR`` (default ``$XDG_CACHE_HOME/nnlib`` or
``~/.cache/nnlib``), in its ``mnist`` subfolder. Every file's *uncompressed* bytes are
checked against the published SHA-256 digests in ``SHA256`` (mirrors wrap the same
bytes in different gzip files). A download goes to a temporary file in the cache
folder and is renamed into place only after it verified, so an interrupted download
leaves no broken file; a cached file that fails verification is deleted and fetched
again. The parser reads the IDX format with ``np.frombuffer`` only (no pickle).
"""
from __future__ import annotations

import gzip
import hashlib
import http.client
import math
import os
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

import numpy as np

from .i18n import Messages

# The four files, by the names every mirror uses (without ".gz").
TRAIN_IMAGES = "train-images-idx3-ubyte"
TRAIN_LABELS = "train-labels-idx1-ubyte"
TEST_IMAGES = "t10k-images-idx3-ubyte"
TEST_LABELS = "t10k-labels-idx1-ubyte"
FILES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)

# Published SHA-256 of the uncompressed files (the original MNIST release).
SHA256 = {
    TRAIN_IMAGES: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    TRAIN_LABELS: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    TEST_IMAGES: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    TEST_LABELS: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}

# Public mirrors serving "<name>.gz", tried in this order.
MIRRORS = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
    "http://yann.lecun.com/exdb/mnist/",
]

_ = Messages("datasets", {
    "downloading": {
        "en": "Downloading {url}",
        "ru": "Загрузка {url}"},
    "checksum": {
        "en": "checksum mismatch for MNIST file {name} ({where}): expected sha256 {expected}, got {actual}. "
              "The file is corrupt or not the original MNIST file.",
        "ru": "контрольная сумма файла MNIST {name} ({where}) не совпала: ожидалась sha256 {expected}, "
              "получена {actual}. Файл повреждён или это не исходный файл MNIST."},
    "no_folder": {
        "en": "MNIST folder {folder} (from NNLIB_MNIST_SOURCE or source=) does not exist; it must hold the "
              "four files {files}.",
        "ru": "папки MNIST {folder} (из NNLIB_MNIST_SOURCE или source=) не существует; в ней должны лежать "
              "четыре файла {files}."},
    "no_file": {
        "en": "MNIST file {name}.gz (or uncompressed {name}) not found in {folder}; this folder (from "
              "NNLIB_MNIST_SOURCE or source=) must hold the four files {files}.",
        "ru": "файл MNIST {name}.gz (или распакованный {name}) не найден в {folder}; в этой папке (из "
              "NNLIB_MNIST_SOURCE или source=) должны лежать четыре файла {files}."},
    "bad_gzip": {
        "en": "cannot decompress MNIST file {file} in {folder}: {error}",
        "ru": "не удаётся распаковать файл MNIST {file} в {folder}: {error}"},
    "interrupted": {
        "en": "download interrupted: got {size} of {expected} bytes",
        "ru": "загрузка прервана: получено {size} байт из {expected}"},
    "incomplete_gzip": {
        "en": "downloaded file is not a complete gzip file: {error}",
        "ru": "загруженный файл — не полный архив gzip: {error}"},
    "unknown_file": {
        "en": "unknown MNIST file {name!r}; expected one of {known}",
        "ru": "неизвестный файл MNIST {name!r}; ожидался один из {known}"},
    "cache": {
        "en": "cannot keep MNIST downloads in {folder} ({error}); set NNLIB_DATA_DIR to a writable folder",
        "ru": "не удаётся сохранить загрузки MNIST в {folder} ({error}); укажите в NNLIB_DATA_DIR папку, "
              "доступную для записи"},
    "no_mirror": {
        "en": "could not get MNIST file {name}.gz; tried:\n{tried}\nDownload the four files {files} by hand "
              "(from one of these mirrors) into one folder, then set NNLIB_MNIST_SOURCE=/path/to/that/folder "
              "or call load_mnist(source='/path/to/that/folder').",
        "ru": "не удалось получить файл MNIST {name}.gz; испробованы:\n{tried}\nСкачайте четыре файла {files} "
              "вручную (с любого из этих зеркал) в одну папку и укажите NNLIB_MNIST_SOURCE=/путь/к/папке "
              "или вызовите load_mnist(source='/путь/к/папке')."},
    "pair": {
        "en": "{images} has {n_images} images but {labels} has {n_labels} labels",
        "ru": "в {images} {n_images} изображений, а в {labels} {n_labels} меток"},
    "label_range": {
        "en": "{labels}: labels must be 0..9, found {found}",
        "ru": "{labels}: метки должны быть от 0 до 9, найдена {found}"},
    "flag": {
        "en": "load_mnist expects {name} to be True or False, got {value!r}",
        "ru": "load_mnist ожидает, что {name} равно True или False, получено {value!r}"},
})

IMAGE_MAGIC = 2051  # IDX: unsigned bytes, 3 dimensions
LABEL_MAGIC = 2049  # IDX: unsigned bytes, 1 dimension
IMAGE_SIZE = 28
NUM_CLASSES = 10
TIMEOUT = 30  # seconds without data before a mirror counts as dead
STALE_PART_AGE = 3600  # seconds; older temporary files are left over from killed downloads

# Parsed uint8 arrays per (source, cache folder); load_mnist returns fresh arrays made from them.
_MEMO: dict[tuple[str, str], tuple[np.ndarray, ...]] = {}


def data_dir() -> Path:
    """The cache folder for downloaded MNIST files: $NNLIB_DATA_DIR/mnist, else ~/.cache/nnlib/mnist."""
    root = os.environ.get("NNLIB_DATA_DIR")
    if not root:
        root = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "nnlib")
    return Path(root) / "mnist"


def _file_list() -> str:
    return ", ".join(f + ".gz" for f in FILES)


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://", "ftp://", "file://"))


def _uncompress(raw: bytes) -> bytes:
    """Gunzip if the bytes are gzip (magic 1f 8b), else return them as they are."""
    return gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw


def _check_sha256(name: str, data: bytes, where: str) -> None:
    expected = SHA256[name]
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise ValueError(_("checksum", name=name, where=where, expected=expected, actual=actual))


def _read_local(name: str, folder: Path) -> bytes:
    """Read and verify one file from a local folder, in place."""
    if not folder.is_dir():
        raise FileNotFoundError(_("no_folder", folder=folder, files=_file_list()))
    # Some unpacked copies spell the names with a dot, e.g. train-images.idx3-ubyte.
    dotted = name.replace("-idx", ".idx")
    for candidate in (folder / f"{name}.gz", folder / name, folder / dotted):
        if candidate.is_file():
            try:
                data = _uncompress(candidate.read_bytes())
            except (OSError, EOFError, zlib.error) as err:  # gzip.BadGzipFile is an OSError
                raise ValueError(_("bad_gzip", file=candidate.name, folder=folder, error=err)) from err
            _check_sha256(name, data, f"in {folder}")
            return data
    raise FileNotFoundError(_("no_file", name=name, folder=folder, files=_file_list()))


def _download(url: str, name: str, target: Path) -> bytes:
    """Download url to a temporary file beside target, verify it, then rename it to target.

    Returns the verified uncompressed bytes. On any failure the temporary file is removed.
    """
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "nnlib"})
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            expected_size = response.headers.get("Content-Length")
            size = 0
            while chunk := response.read(1 << 20):
                out.write(chunk)
                size += len(chunk)
        if expected_size is not None and size != int(expected_size):
            raise OSError(_("interrupted", size=size, expected=expected_size))
        raw = Path(tmp).read_bytes()
        try:
            data = _uncompress(raw)
        except (OSError, EOFError, zlib.error) as err:
            raise OSError(_("incomplete_gzip", error=err)) from err
        _check_sha256(name, data, f"from {url}")
        os.replace(tmp, target)
        return data
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_stale_parts(folder: Path, name: str) -> None:
    """Delete temporary files that killed downloads left behind (a live download keeps its file fresh)."""
    for part in folder.glob(f".{name}.gz.*.part"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART_AGE:
                part.unlink()
        except OSError:
            pass  # another process removed or renamed it meanwhile


def fetch_file(name: str, source: str | None = None, cache_dir: Path | None = None) -> bytes:
    """Return the verified, uncompressed bytes of one MNIST file (name as in FILES).

    source: a local folder or a base URL; None means NNLIB_MNIST_SOURCE, else MIRRORS.
    cache_dir: where downloads are kept (default data_dir()); unused for a local folder.
    """
    if name not in SHA256:
        raise ValueError(_("unknown_file", name=name, known=sorted(SHA256)))
    if source is None:
        source = os.environ.get("NNLIB_MNIST_SOURCE") or None
    if source is not None and not _is_url(str(source)):
        return _read_local(name, Path(source).expanduser().resolve())

    mirrors = [str(source)] if source is not None else list(MIRRORS)
    cache_dir = Path(cache_dir) if cache_dir is not None else data_dir()
    target = cache_dir / f"{name}.gz"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        if not os.access(cache_dir, os.W_OK):
            raise PermissionError("not writable")
    except OSError as err:
        raise OSError(_("cache", folder=cache_dir, error=err)) from err
    if target.is_file():
        try:
            data = _uncompress(target.read_bytes())
            _check_sha256(name, data, f"cached in {cache_dir}")
            return data
        except (ValueError, OSError, EOFError, zlib.error):
            target.unlink(missing_ok=True)  # broken cache: fetch it again below

    _remove_stale_parts(cache_dir, name)
    failures = []
    for base in mirrors:
        url = base.rstrip("/") + f"/{name}.gz"
        print(_("downloading", url=url), file=sys.stderr)
        try:
            return _download(url, name, target)
        except (OSError, ValueError, http.client.HTTPException) as err:  # URLError is an OSError
            failures.append((url, err))
    message = _("no_mirror", name=name, files=_file_list(),
                tried="\n".join(f"  {url}: {err}" for url, err in failures))
    # Every mirror answered but with the wrong bytes: an integrity problem, not a network one.
    if failures and all(isinstance(err, ValueError) for _, err in failures):
        raise ValueError(message)
    raise ConnectionError(message)


def parse_idx(data: bytes, magic: int, name: str = "IDX data") -> np.ndarray:
    """Parse IDX bytes into a uint8 array: (N, 28, 28) for images (magic 2051), (N,) for labels (2049).

    The header is checked: magic number, 28×28 images, data length equal to the product of
    the dimensions. No copy is made: the result views data (read-only when data is bytes).
    """
    ndim = {IMAGE_MAGIC: 3, LABEL_MAGIC: 1}.get(magic)
    if ndim is None:
        raise ValueError(f"magic must be {IMAGE_MAGIC} (images) or {LABEL_MAGIC} (labels), got {magic}")
    header_size = 4 + 4 * ndim
    if len(data) < header_size:
        raise ValueError(f"{name}: {len(data)} bytes is too short for an IDX header of {header_size} bytes")
    header = np.frombuffer(data, dtype=">u4", count=1 + ndim)
    if int(header[0]) != magic:
        raise ValueError(f"{name}: IDX magic number {int(header[0])}, expected {magic}")
    shape = tuple(int(d) for d in header[1:])
    if ndim == 3 and shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError(f"{name}: images of {shape[1]}×{shape[2]} pixels, expected 28×28")
    if len(data) - header_size != math.prod(shape):  # Python ints: no overflow on a garbage header
        raise ValueError(
            f"{name}: header says {shape} = {math.prod(shape)} bytes of data, "
            f"the file has {len(data) - header_size}"
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_size).reshape(shape)


def _load_pair(images: str, labels: str, source: str | None, cache_dir: Path | None):
    x = parse_idx(fetch_file(images, source, cache_dir), IMAGE_MAGIC, images)
    t = parse_idx(fetch_file(labels, source, cache_dir), LABEL_MAGIC, labels)
    if len(x) != len(t):
        raise ValueError(_("pair", images=images, n_images=len(x), labels=labels, n_labels=len(t)))
    if t.size and t.max() >= NUM_CLASSES:
        raise ValueError(_("label_range", labels=labels, found=int(t.max())))
    return x, t


def load_mnist(normalize: bool = True, flatten: bool = True, one_hot_label: bool = False, *,
               source: str | os.PathLike | None = None
               ) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as (x_train, t_train), (x_test, t_test): 60000 training and 10000 test digits.

    normalize:     x as float32 in [0, 1] (pixel / 255) if True, else uint8 0..255.
    flatten:       x of shape (N, 784) if True, else (N, 1, 28, 28).
    one_hot_label: t as float32 one-hot (N, 10) if True, else int64 labels (N,).
    source:        a local folder with the four files or a base URL; default: the environment
                   variable NNLIB_MNIST_SOURCE, else the public mirrors (cached in data_dir()).

    The parsed files are kept in memory, so later calls in the same process are fast; every
    call returns new, writable arrays that the caller may change freely.
    """
    for name, value in (("normalize", normalize), ("flatten", flatten), ("one_hot_label", one_hot_label)):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(_("flag", name=name, value=value))
    if source is None:
        source = os.environ.get("NNLIB_MNIST_SOURCE") or None
    if source is not None:
        source = os.fspath(source)
        if not _is_url(source):
            source = str(Path(source).expanduser().resolve())
    cache_dir = None if source is not None and not _is_url(source) else data_dir()
    key = (str(source), str(cache_dir))
    if key not in _MEMO:
        _MEMO[key] = (*_load_pair(TRAIN_IMAGES, TRAIN_LABELS, source, cache_dir),
                      *_load_pair(TEST_IMAGES, TEST_LABELS, source, cache_dir))
    x_train, t_train, x_test, t_test = _MEMO[key]
    return ((_images(x_train, normalize, flatten), _labels(t_train, one_hot_label)),
            (_images(x_test, normalize, flatten), _labels(t_test, one_hot_label)))


def _images(x: np.ndarray, normalize: bool, flatten: bool) -> np.ndarray:
    x = x.reshape(len(x), -1) if flatten else x.reshape(len(x), 1, IMAGE_SIZE, IMAGE_SIZE)
    if normalize:
        out = x.astype(np.float32)
        out /= 255.0
        return out
    return x.copy()


def _labels(t: np.ndarray, one_hot: bool) -> np.ndarray:
    if one_hot:
        out = np.zeros((len(t), NUM_CLASSES), dtype=np.float32)
        out[np.arange(len(t)), t] = 1.0
        return out
    return t.astype(np.int64)
