"""The exercise checks of chapters 1 and 2 (nnlib.exercises.perceptron, nnlib.exercises.networks).

Independent truth: truth tables written out by hand, one epoch of the learning rule traced by hand,
the chapter's forward pass worked out with a calculator, softmax values from math.exp.
Each check must pass a right answer and name each kind of wrong answer correctly.
"""
import math

import numpy as np
import pytest

from nnlib.exercises import CheckResult
from nnlib.exercises.networks import check_forward, check_softmax
from nnlib.exercises.perceptron import check_epoch, check_gate


# ---- chapter 1: gates -------------------------------------------------------------------------

def nor(x1, x2):
    return 1 if (x1, x2) == (0, 0) else 0


@pytest.mark.parametrize("name,table", [
    ("AND", {(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1}),
    ("OR", {(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 1}),
    ("NAND", {(0, 0): 1, (1, 0): 1, (0, 1): 1, (1, 1): 0}),
    ("NOR", {(0, 0): 1, (1, 0): 0, (0, 1): 0, (1, 1): 0}),
    ("XOR", {(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 0}),
    ("XNOR", {(0, 0): 1, (1, 0): 0, (0, 1): 0, (1, 1): 1}),
])
def test_check_gate_accepts_each_gate_and_rejects_the_others(name, table):
    result = check_gate(lambda a, b: table[(a, b)], name)
    assert isinstance(result, CheckResult) and result.ok and result.problem is None
    assert name in repr(result)
    inverted = check_gate(lambda a, b: 1 - table[(a, b)], name)
    assert not inverted and inverted.problem == "inverted"


def test_check_gate_names_the_wrong_rows():
    almost = lambda a, b: 1 if (a, b) in ((0, 0), (1, 1)) else 0   # XNOR, asked for NOR
    result = check_gate(almost, "NOR")
    assert not result.ok and result.problem == "wrong_rows"
    assert "x1 = 1, x2 = 1" in result.message and "x1 = 0, x2 = 0" not in result.message
    assert "x1 = 1, x2 = 0" not in result.message


def test_check_gate_accepts_bools_and_numpy_scalars():
    assert check_gate(lambda a, b: not (a or b), "NOR")
    assert check_gate(lambda a, b: np.int64(nor(a, b)), "NOR")
    assert check_gate(lambda a, b: np.array([nor(a, b)]), "NOR")


@pytest.mark.parametrize("fn,problem", [
    (lambda a, b: 0.5, "not_a_bit"),
    (lambda a, b: np.array([1, 0]), "not_a_bit"),
    (lambda a, b: None, "not_a_bit"),
    (lambda a, b: 1 / 0, "raised"),
    ("NOR", "not_callable"),
])
def test_check_gate_reports_bad_functions(fn, problem):
    result = check_gate(fn, "NOR")
    assert not result and result.problem == problem


def test_check_gate_unknown_name():
    assert check_gate(nor, "NOT").problem == "unknown_gate"


# ---- chapter 1: one epoch of the learning rule ------------------------------------------------

def epoch_right(w, b, X, t, lr):
    w = np.array(w, dtype=float)
    for x, target in zip(X, t):
        y = 1 if x @ w + b > 0 else 0
        w = w + lr * (target - y) * x
        b = b + lr * (target - y)
    return w, b


def test_right_epoch_passes_and_matches_a_hand_trace():
    assert check_epoch(epoch_right).ok
    # AND from zero, η = 1: rows (0,0), (1,0), (0,1) give sum 0 -> y = 0 = t; row (1,1) has
    # t = 1, y = 0, so w = (0,0) + (1,1) = (1,1) and b = 0 + 1 = 1.
    X = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
    w, b = epoch_right(np.zeros(2), 0.0, X, np.array([0, 0, 0, 1]), 1.0)
    assert w.tolist() == [1.0, 1.0] and b == 1.0
    # Second epoch: (0,0): sum 1 > 0, y = 1, t = 0 -> b = 0; (1,0): sum 1, y = 1 -> w = (0,1), b = -1;
    # (0,1): sum 0, y = 0 = t; (1,1): sum 0, y = 0, t = 1 -> w = (1,2), b = 0.
    w, b = epoch_right(w, b, X, np.array([0, 0, 0, 1]), 1.0)
    assert w.tolist() == [1.0, 2.0] and b == 0.0


def _epoch_variant(kind):
    def fn(w, b, X, t, lr):
        w = np.array(w, dtype=float)
        w0, b0 = w.copy(), b
        for x, target in zip(X, t):
            s = x @ (w0 if kind == "batch" else w) + (b0 if kind == "batch" else b)
            y = int(s >= 0) if kind == "ge" else int(s > 0)
            step = 1.0 if kind == "no_lr" else lr
            sign = -1 if kind == "sign" else 1
            w = w + step * sign * (target - y) * x
            if kind != "no_bias":
                b = b + step * sign * (target - y)
        return w, b
    return fn


@pytest.mark.parametrize("kind,problem", [
    ("batch", "epoch_batch"), ("ge", "epoch_ge"), ("sign", "epoch_sign"),
    ("no_bias", "epoch_no_bias"), ("no_lr", "epoch_no_lr"),
])
def test_check_epoch_names_the_usual_mistakes(kind, problem):
    result = check_epoch(_epoch_variant(kind))
    assert not result.ok and result.problem == problem, result.message


def test_check_epoch_reports_in_place_change_return_and_shape():
    def in_place(w, b, X, t, lr):
        for x, target in zip(X, t):
            y = int(x @ w + b > 0)
            w += lr * (target - y) * x
            b += lr * (target - y)
        return w, b
    assert check_epoch(in_place).problem == "epoch_changed_input"
    assert check_epoch(lambda w, b, X, t, lr: w).problem == "epoch_return"
    assert check_epoch(lambda w, b, X, t, lr: (w[:1], b)).problem == "epoch_shape"
    assert check_epoch(lambda w, b, X, t, lr: X[10]).problem == "epoch_raised"
    # A wrong answer that is no known mistake: the expected and the obtained values are shown.
    result = check_epoch(lambda w, b, X, t, lr: (w + 1.0, b))
    assert result.problem == "epoch_wrong" and "expected w = [1.0, 1.0], b = 1" in result.message


# ---- chapter 2: forward pass ------------------------------------------------------------------

def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def forward_right(network, x):
    n = sum(1 for k in network if k.startswith("W"))
    z = x
    for l in range(1, n + 1):
        a = z @ network[f"W{l}"] + network[f"b{l}"]
        z = sigmoid(a) if l < n else a
    return z


def test_forward_reference_is_the_chapters_worked_example():
    # A1 = (0.3, 0.7, 1.1) by hand; the chapter's (and Saitoh's) output is (0.3168, 0.6963).
    from nnlib.exercises.networks import CHAPTER_NETWORK
    y = forward_right(CHAPTER_NETWORK, np.array([1.0, 0.5]))
    assert np.allclose(y, [0.31682708, 0.69627909], atol=1e-8)
    assert check_forward(forward_right).ok


def three_layers_only(network, x):
    z1 = sigmoid(x @ network["W1"] + network["b1"])
    z2 = sigmoid(z1 @ network["W2"] + network["b2"])
    return z2 @ network["W3"] + network["b3"]


@pytest.mark.parametrize("fn,problem", [
    (lambda n, x: sigmoid(forward_right(n, x)), "forward_output_sigmoid"),
    (lambda n, x: forward_right({k: (v * 0 if k.startswith("b") else v) for k, v in n.items()}, x),
     "forward_no_bias"),
    (three_layers_only, "forward_layers"),
    (lambda n, x: forward_right(n, x)[..., :1], "shape"),
    (lambda n, x: forward_right(n, x) + 1e-3, "values"),
    (lambda n, x: forward_right(n, x) * np.nan, "not_finite"),
    (lambda n, x: n["W9"], "raised"),
])
def test_check_forward_names_the_mistake(fn, problem):
    result = check_forward(fn)
    assert not result.ok and result.problem == problem, result.message


def test_check_forward_no_hidden_activation_and_largest_difference():
    def linear(network, x):
        z = x
        for l in range(1, sum(1 for k in network if k.startswith("W")) + 1):
            z = z @ network[f"W{l}"] + network[f"b{l}"]
        return z
    assert check_forward(linear).problem == "forward_no_activation"
    result = check_forward(lambda n, x: forward_right(n, x) + 0.25)
    assert "0.25" in result.message


def test_check_forward_catches_changed_input():
    def destructive(network, x):
        y = forward_right(network, x)
        network["W1"] *= 0
        return y
    assert check_forward(destructive).problem == "changed_input"


# ---- chapter 2: softmax -----------------------------------------------------------------------

def softmax_right(a):
    e = np.exp(a - np.max(a, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def test_softmax_reference_agrees_with_math_exp():
    a = [0.3, 2.9, 4.0]
    total = sum(math.exp(v) for v in a)
    assert np.allclose(softmax_right(np.array(a)), [math.exp(v) / total for v in a], atol=1e-15)
    assert check_softmax(softmax_right).ok


def naive(a):
    e = np.exp(a)
    return e / np.sum(e, axis=-1, keepdims=True)


@pytest.mark.parametrize("fn,problem", [
    (naive, "softmax_overflow"),
    (lambda a: np.exp(a - np.max(a)) / np.sum(np.exp(a - np.max(a)), axis=-1, keepdims=True),
     "softmax_global_max"),
    (lambda a: np.exp(a - np.max(a)) / np.sum(np.exp(a - np.max(a)), axis=0), "softmax_columns"),
    (lambda a: np.exp(a - np.max(a)) / np.sum(np.exp(a - np.max(a))), "softmax_whole_batch"),
    (lambda a: softmax_right(a).ravel(), "shape"),
    (lambda a: softmax_right(a) * 0.99, "values"),
    (lambda a: None, "shape"),
    (lambda a: a.undefined, "raised"),
])
def test_check_softmax_names_the_mistake(fn, problem):
    with np.errstate(all="ignore"):
        result = check_softmax(fn)
    assert not result.ok and result.problem == problem, result.message


def test_check_softmax_catches_changed_input():
    def in_place(a):
        a -= np.max(a, axis=-1, keepdims=True)
        np.exp(a, out=a)
        a /= np.sum(a, axis=-1, keepdims=True)
        return a
    assert check_softmax(in_place).problem == "changed_input"


# ---- messages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("module", ["perceptron", "networks"])
def test_every_message_in_english_and_russian_with_the_same_fields(module):
    import importlib
    import string
    catalogue = importlib.import_module(f"nnlib.exercises.{module}").MESSAGES
    for key, texts in catalogue.table.items():
        assert set(texts) == {"en", "ru"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
        assert fields[0] == fields[1], key
        assert any("\u0400" <= ch <= "\u04ff" for ch in texts["ru"]), f"{key}: ru text not Russian"


def test_messages_follow_the_language_of_nnlib():
    from nnlib.i18n import get_language, set_language
    before = get_language()
    try:
        set_language("ru")
        assert check_gate(nor, "NOR").message.startswith("Верно")
        wrong = check_gate(lambda a, b: 1, "NOR")
        assert "при x1 = 1, x2 = 0 выход 1, а по таблице 0" in wrong.message
        assert check_forward(three_layers_only).message.startswith("Сеть 3-4-2")
        assert check_softmax(naive).problem == "softmax_overflow"
        set_language("en")
        assert check_gate(nor, "NOR").message.startswith("Correct")
    finally:
        set_language(before)


# ---- the chapters' figures and exercises are numbered, captioned and referred to -------------

import json  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

BOOK = Path(__file__).resolve().parent.parent / "book"
CHAPTERS = [(lang, ch, name) for lang in ("en", "ru")
            for ch, name in ((1, "01_perceptron"), (2, "02_neural_networks"))]
WORDS = {"en": ("Figure", "Exercise", "Solution"), "ru": ("Рис.", "Упражнение", "Решение")}


def _cells(lang, name):
    return json.loads((BOOK / lang / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("lang,ch,name", CHAPTERS, ids=[f"{c[0]}/{c[2]}" for c in CHAPTERS])
def test_every_figure_numbered_captioned_described_and_referred_to(lang, ch, name):
    cells = _cells(lang, name)
    figure_word = WORDS[lang][0]
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    k = 0
    for cell in cells:
        if not any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            continue
        k += 1
        meta = cell["metadata"].get("mystnb", {})
        caption = meta.get("figure", {}).get("caption", "")
        alt = meta.get("image", {}).get("alt", "")
        assert caption.startswith(f"{figure_word} {ch}.{k}. "), caption
        assert meta["figure"]["name"] == f"fig-{ch}-{k}"
        assert len(alt) > 40 and not alt.endswith(".png") and alt != caption, alt
        if lang == "ru":
            assert any("\u0400" <= c <= "\u04ff" for c in alt), alt
        # referred to by number in the text ("Figure 1.3", «рис. 1.3» or «Рис. 1.3»)
        assert re.search(rf"(?i){re.escape(figure_word)} {ch}\.{k}\b", prose), f"{figure_word} {ch}.{k}"
    assert k >= 10


@pytest.mark.parametrize("lang,ch,name", CHAPTERS, ids=[f"{c[0]}/{c[2]}" for c in CHAPTERS])
def test_exercises_numbered_with_numbered_solutions_and_asserting_checks(lang, ch, name):
    _, exercise, solution = WORDS[lang]
    cells = _cells(lang, name)
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    numbers = [int(n) for n in re.findall(rf"\*\*{exercise} {ch}\.(\d+)\.", text)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 5
    assert [int(n) for n in re.findall(rf"```{{admonition}} {solution} {ch}\.(\d+)\n", text)] == numbers
    checks = [c for c in cells if c["cell_type"] == "code" and "check_" in "".join(c["source"])
              and "import" not in "".join(c["source"])]
    assert len(checks) >= 2
    for cell in checks:
        source = "".join(cell["source"])
        assert "hide-cell" in cell["metadata"].get("tags", [])
        assert "assert result" in source          # the reference solution must pass its check
