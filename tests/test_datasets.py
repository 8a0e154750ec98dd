"""Tests of nnlib.datasets with tiny IDX files served by a local HTTP server, plus real MNIST if available."""
import gzip
import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from nnlib import datasets
from nnlib.datasets import (FILES, TEST_IMAGES, TEST_LABELS, TRAIN_IMAGES, TRAIN_LABELS, fetch_file,
                            load_mnist, parse_idx)

# Read before any test changes the environment: the real-data test uses it.
REAL_SOURCE = os.environ.get("NNLIB_MNIST_SOURCE")


def idx_bytes(array: np.ndarray, magic: int) -> bytes:
    """Encode a uint8 array as an IDX file: big-endian magic, dimensions, then the data."""
    header = np.array([magic, *array.shape], dtype=">u4").tobytes()
    return header + np.ascontiguousarray(array, dtype=np.uint8).tobytes()


def make_tiny_mnist(rng):
    """5 training and 3 test 28×28 images with labels, as uncompressed IDX bytes per file name."""
    arrays = {
        TRAIN_IMAGES: rng.integers(0, 256, size=(5, 28, 28), dtype=np.uint8),
        TRAIN_LABELS: np.array([5, 0, 4, 1, 9], dtype=np.uint8),
        TEST_IMAGES: rng.integers(0, 256, size=(3, 28, 28), dtype=np.uint8),
        TEST_LABELS: np.array([7, 2, 1], dtype=np.uint8),
    }
    arrays[TRAIN_IMAGES][0, 0, 0] = 0  # the pixel range reaches both ends
    arrays[TRAIN_IMAGES][0, 0, 1] = 255
    raw = {name: idx_bytes(a, 2051 if a.ndim == 3 else 2049) for name, a in arrays.items()}
    return arrays, raw


class Server:
    """A local HTTP server: routes map URL paths to (status, body, mode); hits counts requests per path."""

    def __init__(self):
        self.routes = {}
        self.hits = Counter()
        self.release = threading.Event()  # lets a "stall" response finish
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.hits[self.path] += 1
                body = outer.routes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                data, mode = body
                if mode == "stall":  # long enough that the client writes some of it before the stall
                    data = data + bytes(3 << 20)
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if mode in ("short", "stall"):  # the connection drops (or hangs) half-way through
                    self.wfile.write(data[: len(data) // 2 if mode == "short" else 2 << 20])
                    self.wfile.flush()
                    if mode == "stall":
                        outer.release.wait(60)
                    self.close_connection = True
                else:
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, folder: str, files: dict, mode: str = "ok") -> str:
        """Serve files {name: bytes} as /folder/<name>.gz; returns the folder's base URL."""
        for name, data in files.items():
            self.routes[f"/{folder}/{name}.gz"] = (data, mode)
        return f"{self.url}/{folder}/"

    def close(self):
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/mnist/"


def trust_checksums(monkeypatch, raw: dict) -> None:
    """Make the loader's checksum table accept exactly these uncompressed files."""
    monkeypatch.setattr(datasets, "SHA256", {n: hashlib.sha256(b).hexdigest() for n, b in raw.items()})


def write_folder(folder: Path, files: dict, compressed: bool = False) -> Path:
    """A local MNIST folder holding files, gzip-compressed (name.gz) or as they are."""
    folder.mkdir()
    for name, data in files.items():
        if compressed:
            (folder / f"{name}.gz").write_bytes(gzip.compress(data))
        else:
            (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def tiny(monkeypatch, tmp_path):
    """Tiny MNIST-like files with their checksums patched in, an empty cache and no env source."""
    arrays, raw = make_tiny_mnist(np.random.default_rng(0))
    trust_checksums(monkeypatch, raw)
    monkeypatch.setattr(datasets, "_MEMO", {})
    monkeypatch.setenv("NNLIB_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NNLIB_MNIST_SOURCE", raising=False)
    return arrays, raw, tmp_path / "cache" / "mnist"


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def gz(files: dict) -> dict:
    return {name: gzip.compress(data) for name, data in files.items()}


def cache_listing(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


# --- downloading ---------------------------------------------------------------------------------

def test_download_from_mirror_gives_the_served_data_and_fills_the_cache(tiny, server, monkeypatch):
    arrays, raw, cache = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("good", gz(raw))])
    (x, t), (xt, tt) = load_mnist(normalize=False, flatten=False)
    np.testing.assert_array_equal(x[:, 0], arrays[TRAIN_IMAGES])
    np.testing.assert_array_equal(t, [5, 0, 4, 1, 9])
    np.testing.assert_array_equal(xt[:, 0], arrays[TEST_IMAGES])
    np.testing.assert_array_equal(tt, [7, 2, 1])
    assert cache_listing(cache) == sorted(f"{n}.gz" for n in FILES)


def test_uncompressed_bytes_are_verified_whatever_the_gzip_wrapping(tiny, server, monkeypatch):
    _, raw, _ = tiny
    rewrapped = {n: gzip.compress(b, compresslevel=1, mtime=12345) for n, b in raw.items()}
    assert rewrapped[TRAIN_IMAGES] != gzip.compress(raw[TRAIN_IMAGES])
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("other", rewrapped)])
    (x, t), _ = load_mnist()
    assert x.shape == (5, 784)


def test_corrupt_file_is_rejected_with_both_digests_and_not_cached(tiny, server, monkeypatch):
    _, raw, cache = tiny
    corrupt = dict(raw)
    broken = bytearray(raw[TRAIN_IMAGES])
    broken[100] ^= 0xFF  # one pixel changed: still a valid IDX file, wrong checksum
    corrupt[TRAIN_IMAGES] = bytes(broken)
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("corrupt", gz(corrupt))])
    with pytest.raises(ValueError) as info:
        load_mnist()
    message = str(info.value)
    assert TRAIN_IMAGES in message
    assert datasets.SHA256[TRAIN_IMAGES] in message
    assert hashlib.sha256(bytes(broken)).hexdigest() in message
    assert cache_listing(cache) == []


def test_dead_mirrors_are_skipped_until_one_works(tiny, server, monkeypatch):
    arrays, raw, _ = tiny
    dead = closed_port_url()
    missing = f"{server.url}/nothing-here/"
    good = server.add("good", gz(raw))
    monkeypatch.setattr(datasets, "MIRRORS", [dead, missing, good])
    (x, t), _ = load_mnist(normalize=False, flatten=False)
    np.testing.assert_array_equal(x[:, 0], arrays[TRAIN_IMAGES])
    assert server.hits[f"/nothing-here/{TRAIN_IMAGES}.gz"] == 1
    assert server.hits[f"/good/{TRAIN_IMAGES}.gz"] == 1


def test_no_mirror_reachable_names_every_url_and_the_manual_route(tiny, monkeypatch):
    _, _, cache = tiny
    urls = [closed_port_url(), closed_port_url()]
    monkeypatch.setattr(datasets, "MIRRORS", urls)
    with pytest.raises(ConnectionError) as info:
        load_mnist()
    message = str(info.value)
    for url in urls:
        assert f"{url}{TRAIN_IMAGES}.gz" in message
    assert "NNLIB_MNIST_SOURCE" in message
    assert all(f"{name}.gz" in message for name in FILES)
    assert cache_listing(cache) == []


def test_interrupted_download_leaves_no_partial_file(tiny, server, monkeypatch):
    _, raw, cache = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("short", gz(raw), mode="short")])
    with pytest.raises(ConnectionError, match="interrupted"):
        load_mnist()
    assert cache_listing(cache) == []


def test_killed_download_leaves_no_file_under_the_final_name(tiny, server, monkeypatch):
    _, raw, cache = tiny
    url = server.add("stall", gz(raw), mode="stall")
    script = ("import json, sys\nfrom nnlib import datasets\n"
              "datasets.SHA256 = json.loads(sys.argv[2])\ndatasets.load_mnist(source=sys.argv[1])\n")
    child = subprocess.Popen([sys.executable, "-c", script, url, json.dumps(datasets.SHA256)],
                             stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size for p in cache.glob("*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(p.stat().st_size for p in cache.glob("*")), "the download never started"
    finally:
        child.kill()  # like a power cut: no exception handler runs
        child.wait()
    assert not (cache / f"{TRAIN_IMAGES}.gz").exists()
    leftover = next(cache.glob("*.part"))
    # The next run downloads again and verifies; a leftover over an hour old is removed then.
    old = time.time() - 2 * 3600
    os.utime(leftover, (old, old))
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("good", gz(raw))])
    (_, t), _ = load_mnist()
    assert t.tolist() == [5, 0, 4, 1, 9]
    assert cache_listing(cache) == sorted(f"{n}.gz" for n in FILES)


def test_recent_temporary_files_are_left_alone(tiny, server, monkeypatch):
    _, raw, cache = tiny
    cache.mkdir(parents=True)
    in_progress = cache / f".{TRAIN_IMAGES}.gz.another-process.part"  # maybe a live download
    in_progress.write_bytes(b"partial")
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("good", gz(raw))])
    load_mnist()
    assert in_progress.exists()


def test_interrupted_download_falls_through_to_the_next_mirror(tiny, server, monkeypatch):
    _, raw, cache = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("short", gz(raw), mode="short"),
                                              server.add("good", gz(raw))])
    load_mnist()
    assert cache_listing(cache) == sorted(f"{n}.gz" for n in FILES)


def test_cached_files_are_not_downloaded_again(tiny, server, monkeypatch):
    _, raw, _ = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("good", gz(raw))])
    first = load_mnist()
    monkeypatch.setattr(datasets, "_MEMO", {})  # a new process: only the disk cache remains
    second = load_mnist()
    assert all(server.hits[f"/good/{n}.gz"] == 1 for n in FILES)
    np.testing.assert_array_equal(first[0][0], second[0][0])


def test_cached_file_failing_verification_is_deleted_and_fetched_again(tiny, server, monkeypatch):
    _, raw, cache = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("good", gz(raw))])
    cache.mkdir(parents=True)
    (cache / f"{TRAIN_LABELS}.gz").write_bytes(gzip.compress(b"not the labels"))
    (cache / f"{TEST_LABELS}.gz").write_bytes(b"\x1f\x8b truncated gzip")
    (_, t), (_, tt) = load_mnist()
    np.testing.assert_array_equal(t, [5, 0, 4, 1, 9])
    np.testing.assert_array_equal(tt, [7, 2, 1])
    assert server.hits[f"/good/{TRAIN_LABELS}.gz"] == 1
    assert server.hits[f"/good/{TEST_LABELS}.gz"] == 1
    assert fetch_file(TRAIN_LABELS) == raw[TRAIN_LABELS]  # the replaced cache file now verifies


def test_unusable_cache_folder_is_reported_before_any_download(tiny, server, tmp_path, monkeypatch):
    _, raw, _ = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [server.add("good", gz(raw))])
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("NNLIB_DATA_DIR", str(blocker))
    with pytest.raises(OSError, match="set NNLIB_DATA_DIR to a writable folder"):
        load_mnist()
    assert sum(server.hits.values()) == 0


def test_source_may_be_a_base_url(tiny, server, monkeypatch):
    _, raw, _ = tiny
    monkeypatch.setattr(datasets, "MIRRORS", [closed_port_url()])
    url = server.add("elsewhere", gz(raw))
    (x, _), _ = load_mnist(source=url)
    assert x.shape == (5, 784)
    monkeypatch.setattr(datasets, "_MEMO", {})
    monkeypatch.setenv("NNLIB_MNIST_SOURCE", url.rstrip("/"))
    (_, t), _ = load_mnist()
    np.testing.assert_array_equal(t, [5, 0, 4, 1, 9])


# --- local folder ----------------------------------------------------------------------------------

@pytest.mark.parametrize("compressed", [True, False])
def test_local_folder_is_read_in_place(tiny, tmp_path, monkeypatch, compressed):
    arrays, raw, cache = tiny
    folder = write_folder(tmp_path / "mnist_files", raw, compressed)
    monkeypatch.setattr(datasets, "MIRRORS", [closed_port_url()])
    monkeypatch.setenv("NNLIB_MNIST_SOURCE", str(folder))
    (x, t), (xt, tt) = load_mnist(normalize=False, flatten=False)
    np.testing.assert_array_equal(x[:, 0], arrays[TRAIN_IMAGES])
    np.testing.assert_array_equal(tt, [7, 2, 1])
    assert not cache.exists()  # nothing copied into the cache


def test_missing_file_in_local_folder_names_file_and_folder(tiny, tmp_path):
    _, raw, _ = tiny
    three = {name: raw[name] for name in (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES)}
    folder = write_folder(tmp_path / "partial", three, compressed=True)
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(source=folder)
    assert TEST_LABELS in str(info.value) and str(folder) in str(info.value)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(source=tmp_path / "no-such-folder")


def test_corrupt_file_in_local_folder_is_rejected(tiny, tmp_path):
    _, raw, _ = tiny
    folder = write_folder(tmp_path / "local", raw)
    (folder / TEST_LABELS).write_bytes(idx_bytes(np.array([7, 2, 2], dtype=np.uint8), 2049))
    with pytest.raises(ValueError, match=f"checksum mismatch for MNIST file {TEST_LABELS}"):
        load_mnist(source=folder)


# --- parsing -------------------------------------------------------------------------------------

def test_parse_idx_reads_images_and_labels():
    images = np.arange(2 * 28 * 28, dtype=np.int64).reshape(2, 28, 28).astype(np.uint8)
    np.testing.assert_array_equal(parse_idx(idx_bytes(images, 2051), 2051), images)
    labels = parse_idx(idx_bytes(np.array([3, 1, 4], dtype=np.uint8), 2049), 2049)
    assert labels.dtype == np.uint8 and labels.tolist() == [3, 1, 4]


@pytest.mark.parametrize("data, magic, match", [
    (idx_bytes(np.zeros((2, 28, 28), np.uint8), 2049), 2051, "magic number 2049, expected 2051"),
    (idx_bytes(np.zeros(3, np.uint8), 2051), 2049, "magic number 2051, expected 2049"),
    (idx_bytes(np.zeros((2, 27, 28), np.uint8), 2051), 2051, "27×28 pixels, expected 28×28"),
    (idx_bytes(np.zeros((2, 28, 28), np.uint8), 2051)[:-1], 2051, "1568 bytes of data, the file has 1567"),
    (idx_bytes(np.zeros(3, np.uint8), 2049) + b"\x00", 2049, "3 bytes of data, the file has 4"),
    (b"\x00\x00\x08\x03\x00", 2051, "too short"),
    (np.array([2051, 2**32 - 1, 28, 28], ">u4").tobytes(), 2051, "the file has 0"),
])
def test_bad_idx_header_is_rejected(data, magic, match):
    with pytest.raises(ValueError, match=match):
        parse_idx(data, magic)


def test_image_and_label_counts_must_match(tiny, tmp_path, monkeypatch):
    _, raw, _ = tiny
    raw = dict(raw)
    raw[TRAIN_LABELS] = idx_bytes(np.array([5, 0, 4, 1], dtype=np.uint8), 2049)
    trust_checksums(monkeypatch, raw)
    folder = write_folder(tmp_path / "local", raw)
    with pytest.raises(ValueError, match="5 images but .* has 4 labels"):
        load_mnist(source=folder)


def test_labels_outside_0_to_9_are_rejected(tiny, tmp_path, monkeypatch):
    _, raw, _ = tiny
    raw = dict(raw)
    raw[TEST_LABELS] = idx_bytes(np.array([7, 2, 10], dtype=np.uint8), 2049)
    trust_checksums(monkeypatch, raw)
    folder = write_folder(tmp_path / "local", raw)
    with pytest.raises(ValueError, match="labels must be 0..9, found 10"):
        load_mnist(source=folder)


# --- options -------------------------------------------------------------------------------------

@pytest.fixture
def tiny_folder(tiny, tmp_path):
    arrays, raw, _ = tiny
    return arrays, write_folder(tmp_path / "local", raw, compressed=True)


def test_default_options_give_normalized_flat_float32_and_int64_labels(tiny_folder):
    arrays, folder = tiny_folder
    (x, t), (xt, tt) = load_mnist(source=folder)
    assert x.shape == (5, 784) and xt.shape == (3, 784)
    assert x.dtype == np.float32 and t.dtype == np.int64 and tt.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0
    np.testing.assert_array_equal(x, arrays[TRAIN_IMAGES].reshape(5, 784).astype(np.float32) / 255)
    # Row-major flattening: pixel (row 1, column 2) is feature 28 + 2.
    assert x[3, 30] == np.float32(arrays[TRAIN_IMAGES][3, 1, 2]) / 255


def test_raw_unflattened_images(tiny_folder):
    arrays, folder = tiny_folder
    (x, _), (xt, _) = load_mnist(normalize=False, flatten=False, source=folder)
    assert x.shape == (5, 1, 28, 28) and xt.shape == (3, 1, 28, 28)
    assert x.dtype == np.uint8
    np.testing.assert_array_equal(x[:, 0], arrays[TRAIN_IMAGES])


def test_one_hot_labels(tiny_folder):
    _, folder = tiny_folder
    (_, t), (_, tt) = load_mnist(one_hot_label=True, source=folder)
    assert t.shape == (5, 10) and tt.shape == (3, 10) and t.dtype == np.float32
    np.testing.assert_array_equal(t.argmax(axis=1), [5, 0, 4, 1, 9])
    np.testing.assert_array_equal(t.sum(axis=1), np.ones(5))
    assert set(np.unique(t)) == {0.0, 1.0}


def test_each_call_returns_fresh_writable_arrays(tiny_folder):
    _, folder = tiny_folder
    for kwargs in ({}, {"normalize": False}, {"normalize": False, "flatten": False}):
        (x, t), _ = load_mnist(source=folder, **kwargs)
        x[...] = 0
        t[...] = 3
        (x2, t2), _ = load_mnist(source=folder, **kwargs)
        assert x2.max() > 0 and t2.tolist() == [5, 0, 4, 1, 9]


def test_data_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NNLIB_DATA_DIR", str(tmp_path / "data"))
    assert datasets.data_dir() == tmp_path / "data" / "mnist"
    monkeypatch.delenv("NNLIB_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datasets.data_dir() == tmp_path / "xdg" / "nnlib" / "mnist"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert datasets.data_dir() == tmp_path / "home" / ".cache" / "nnlib" / "mnist"


# --- the real MNIST --------------------------------------------------------------------------------

@pytest.mark.skipif(not REAL_SOURCE, reason="NNLIB_MNIST_SOURCE is not set (folder or URL of the real MNIST)")
def test_real_mnist(monkeypatch):
    monkeypatch.setattr(datasets, "_MEMO", {})
    (x, t), (xt, tt) = load_mnist(source=REAL_SOURCE)
    assert x.shape == (60000, 784) and xt.shape == (10000, 784)
    assert t.shape == (60000,) and tt.shape == (10000,)
    assert x.dtype == np.float32 and t.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0 and xt.min() == 0.0 and xt.max() == 1.0
    assert t.min() == 0 and t.max() == 9
    assert t[:5].tolist() == [5, 0, 4, 1, 9]
    assert tt[:5].tolist() == [7, 2, 1, 0, 4]
    # The published class sizes of MNIST.
    assert np.bincount(t).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(tt).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    (xr, _), _ = load_mnist(normalize=False, flatten=False, source=REAL_SOURCE)
    assert xr.shape == (60000, 1, 28, 28) and xr.dtype == np.uint8 and xr.max() == 255
