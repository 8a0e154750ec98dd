"""Checks for the exercises of chapter 2: a forward pass and a stable softmax.

    check_forward(my_forward)   # my_forward(network, x) -> Y: sigmoid in the hidden layers,
                                # the identity at the output, any number of layers
    check_softmax(my_softmax)   # my_softmax(a) -> probabilities, for (n,) and (batch, n)
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from nnlib.exercises import CheckResult, verdict
from nnlib.i18n import Messages, get_language

__all__ = ["check_forward", "check_softmax"]

MESSAGES = Messages(__name__, {
    "not_callable": {
        "en": "Pass the function itself, e.g. check_forward(my_forward), not {got}.",
        "ru": "Передайте саму функцию, например check_forward(my_forward), а не {got}."},
    "raised": {
        "en": "{case}: calling your function raised {error}.",
        "ru": "{case}: вызов вашей функции завершился ошибкой {error}."},
    "changed_input": {
        "en": "{case}: your function changed the array it was given; compute into a new array.",
        "ru": "{case}: ваша функция изменила переданный ей массив; записывайте результат в новый."},
    "shape": {
        "en": "{case}: the output has shape {got}, expected {want}.",
        "ru": "{case}: у результата форма {got}, а нужна {want}."},
    "not_finite": {
        "en": "{case}: the output contains nan or inf.",
        "ru": "{case}: в результате есть nan или inf."},
    "values": {
        "en": "{case}: the largest difference from the right answer is {diff:.3g}.",
        "ru": "{case}: наибольшее отличие от правильного ответа равно {diff:.3g}."},
    "forward_ok": {
        "en": "Correct: your forward pass agrees with formulas (7) and (8) on all {n} test cases, "
              "to within {tol:g}.",
        "ru": "Верно: ваш прямой проход совпадает с формулами (7) и (8) во всех {n} проверочных "
              "случаях с точностью до {tol:g}."},
    "forward_output_sigmoid": {
        "en": "{case}: the output layer applies the sigmoid; here it must use the identity, Y = A(L).",
        "ru": "{case}: в выходном слое применена сигмоида, а здесь нужна тождественная функция, Y = A(L)."},
    "forward_no_bias": {
        "en": "{case}: the biases are missing: A(l) = Z(l−1)·W(l) + B(l).",
        "ru": "{case}: не прибавлены смещения: A(l) = Z(l−1)·W(l) + B(l)."},
    "forward_no_activation": {
        "en": "{case}: the hidden layers have no activation: Z(l) = h(A(l)) with the sigmoid h.",
        "ru": "{case}: в скрытых слоях нет функции активации: Z(l) = h(A(l)), h — сигмоида."},
    "forward_layers": {
        "en": "{case}: the network has {layers} layers; loop over W1, W2, ... as many as the "
              "dictionary holds rather than writing out three.",
        "ru": "{case}: слоёв в этой сети: {layers}. Пройдите циклом по W1, W2, ... — сколько их "
              "в словаре, — а не выписывайте три слоя."},
    "softmax_ok": {
        "en": "Correct: your softmax agrees with the formula on all {n} test cases, large inputs "
              "and batches included, to within {tol:g}.",
        "ru": "Верно: ваша softmax совпадает с формулой во всех {n} проверочных случаях, включая "
              "большие входы и пакеты, с точностью до {tol:g}."},
    "softmax_overflow": {
        "en": "{case}: the output contains nan or inf: exp overflowed (or every exp underflowed "
              "to 0). Subtract the largest input before taking exp.",
        "ru": "{case}: в результате есть nan или inf: экспонента переполнилась (или все "
              "экспоненты обратились в 0). Вычтите наибольший вход перед exp."},
    "softmax_columns": {
        "en": "{case}: the columns sum to 1 instead of the rows. Each row of a batch is one input: "
              "take max and sum along the last axis, with keepdims=True.",
        "ru": "{case}: в единицу складываются столбцы, а не строки. Каждая строка пакета — "
              "отдельный вход: берите max и sum по последней оси, с keepdims=True."},
    "softmax_whole_batch": {
        "en": "{case}: the whole batch sums to 1 instead of each row. Take max and sum along the "
              "last axis, with keepdims=True.",
        "ru": "{case}: в единицу складывается весь пакет, а не каждая строка. Берите max и sum по "
              "последней оси, с keepdims=True."},
    "softmax_global_max": {
        "en": "{case}: the output contains nan: subtract each row's own maximum, not the largest "
              "number of the whole batch.",
        "ru": "{case}: в результате есть nan: вычитайте максимум каждой строки, а не наибольшее "
              "число всего пакета."},
})


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _forward(network, x, *, hidden=_sigmoid, output=lambda a: a, bias=True):
    """Formulas (7), (8) for every layer; the keyword arguments reproduce the usual mistakes."""
    n = len([k for k in network if k.startswith("W")])
    z = np.asarray(x, dtype=float)
    for l in range(1, n + 1):
        a = z @ network[f"W{l}"] + (network[f"b{l}"] if bias else 0.0)
        z = hidden(a) if l < n else output(a)
    return z


def _network(sizes, seed):
    rng = np.random.default_rng(seed)
    net = {}
    for l in range(1, len(sizes)):
        net[f"W{l}"] = rng.normal(scale=0.5, size=(sizes[l - 1], sizes[l]))
        net[f"b{l}"] = rng.normal(scale=0.5, size=sizes[l])
    return net


# The chapter's 2-3-2-2 network (the weights of section 7).
CHAPTER_NETWORK = {
    "W1": np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), "b1": np.array([0.1, 0.2, 0.3]),
    "W2": np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]), "b2": np.array([0.1, 0.2]),
    "W3": np.array([[0.1, 0.3], [0.2, 0.4]]), "b3": np.array([0.1, 0.2]),
}
FORWARD_CASES = (
    ({"en": "The chapter's network, x = (1.0, 0.5)", "ru": "Сеть главы, x = (1.0, 0.5)"}, CHAPTER_NETWORK, np.array([1.0, 0.5])),
    ({"en": "The chapter's network, a batch of 4", "ru": "Сеть главы, пакет из 4 входов"}, CHAPTER_NETWORK,
     np.array([[1.0, 0.5], [0.0, 0.0], [-1.0, 2.0], [3.0, -0.5]])),
    ({"en": "A 3-4-2 network (two layers), a batch of 5", "ru": "Сеть 3-4-2 (два слоя), пакет из 5 входов"}, _network((3, 4, 2), 1),
     np.random.default_rng(2).normal(size=(5, 3))),
    ({"en": "A 4-5-3-3-2 network (four layers), one input", "ru": "Сеть 4-5-3-3-2 (четыре слоя), один вход"}, _network((4, 5, 3, 3, 2), 3),
     np.random.default_rng(4).normal(size=4)),
)
TOLERANCE = 1e-8


def _copy(network):
    return {k: np.array(v, copy=True) for k, v in network.items()}


def _compare(got, want):
    """(problem key or None, largest difference) for an output against the right answer."""
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return "shape", np.inf
    if got.shape != want.shape:
        return "shape", np.inf
    if not np.all(np.isfinite(got)):
        return "not_finite", np.inf
    diff = float(np.max(np.abs(got - want))) if want.size else 0.0
    return (None if diff <= TOLERANCE else "values"), diff


def check_forward(fn: Callable) -> CheckResult:
    """Does fn(network, x) -> Y compute the forward pass (sigmoid hidden layers, identity output)?

    The cases: the chapter's 2-3-2-2 network for one input and for a batch, a network with two
    layers and one with four, so that a pass written out for exactly three layers is caught.
    """
    if not callable(fn):
        return verdict(MESSAGES, "not_callable", got=type(fn).__name__)
    for names, network, x in FORWARD_CASES:
        case = names[get_language()]
        given_net, given_x = _copy(network), x.copy()
        try:
            got = fn(given_net, given_x)
        except Exception as exc:      # the student's bug, reported rather than raised
            n = len([k for k in network if k.startswith("W")])
            if n != 3 and isinstance(exc, KeyError):
                return verdict(MESSAGES, "forward_layers", case=case, layers=n)
            return verdict(MESSAGES, "raised", case=case, error=f"{type(exc).__name__}: {exc}")
        if not (np.array_equal(given_x, x) and all(np.array_equal(given_net[k], network[k]) for k in network)):
            return verdict(MESSAGES, "changed_input", case=case)
        want = _forward(network, x)
        problem, diff = _compare(got, want)
        if problem == "shape":
            return verdict(MESSAGES, "shape", case=case, got=np.shape(got), want=want.shape)
        if problem is not None:
            mistakes = (("forward_output_sigmoid", dict(output=_sigmoid)),
                        ("forward_no_bias", dict(bias=False)),
                        ("forward_no_activation", dict(hidden=lambda a: a)))
            for key, mistake in mistakes:
                if _compare(got, _forward(network, x, **mistake))[0] is None:
                    return verdict(MESSAGES, key, case=case)
            return verdict(MESSAGES, problem, case=case, diff=diff)
    return verdict(MESSAGES, "forward_ok", ok=True, n=len(FORWARD_CASES), tol=TOLERANCE)


def _softmax(a):
    """Softmax of each row, row by row in plain loops (independent of the vectorised forms)."""
    a = np.asarray(a, dtype=float)
    rows = np.atleast_2d(a)
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        top = max(row)
        e = [np.exp(v - top) for v in row]
        out[i] = [v / sum(e) for v in e]
    return out.reshape(a.shape)


SOFTMAX_CASES = (
    ({"en": "a = (0.3, 2.9, 4.0)", "ru": "a = (0.3, 2.9, 4.0)"}, np.array([0.3, 2.9, 4.0])),
    ({"en": "a = (1010, 1000, 990)", "ru": "a = (1010, 1000, 990)"}, np.array([1010.0, 1000.0, 990.0])),
    ({"en": "a = (-1000, -1001, -1002)", "ru": "a = (-1000, -1001, -1002)"}, np.array([-1000.0, -1001.0, -1002.0])),
    ({"en": "A batch of 3 rows", "ru": "Пакет из 3 строк"}, np.array([[0.3, 2.9, 4.0], [1.0, 1.0, 1.0], [-2.0, 0.0, 5.0]])),
    ({"en": "A batch whose rows are far apart", "ru": "Пакет с далёкими друг от друга строками"}, np.array([[1000.0, 999.0], [-1000.0, -1002.0]])),
)


def check_softmax(fn: Callable) -> CheckResult:
    """Does fn(a) compute softmax, without overflow, for a vector (n,) and row by row for (batch, n)?"""
    if not callable(fn):
        return verdict(MESSAGES, "not_callable", got=type(fn).__name__)
    for names, a in SOFTMAX_CASES:
        case = names[get_language()]
        given = a.copy()
        try:
            with np.errstate(all="ignore"):
                got = fn(given)
        except Exception as exc:      # the student's bug, reported rather than raised
            return verdict(MESSAGES, "raised", case=case, error=f"{type(exc).__name__}: {exc}")
        if not np.array_equal(given, a):
            return verdict(MESSAGES, "changed_input", case=case)
        want = _softmax(a)
        problem, diff = _compare(got, want)
        if problem == "shape":
            return verdict(MESSAGES, "shape", case=case, got=np.shape(got), want=want.shape)
        if problem == "not_finite":
            rows_ok = a.ndim == 2 and all(
                np.all(np.isfinite(np.asarray(fn(row.copy()), dtype=float))) for row in a)
            return verdict(MESSAGES, "softmax_global_max" if rows_ok else "softmax_overflow", case=case)
        if problem is not None and a.ndim == 2:
            g = np.asarray(got, dtype=float)
            if np.allclose(g.sum(axis=0), 1.0):
                return verdict(MESSAGES, "softmax_columns", case=case)
            if np.isclose(g.sum(), 1.0):
                return verdict(MESSAGES, "softmax_whole_batch", case=case)
        if problem is not None:
            return verdict(MESSAGES, problem, case=case, diff=diff)
    return verdict(MESSAGES, "softmax_ok", ok=True, n=len(SOFTMAX_CASES), tol=TOLERANCE)
