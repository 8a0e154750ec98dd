"""Checks for the exercises of chapter 1: a logic gate, one epoch of the learning rule.

    check_gate(NOR, "NOR")      # NOR(x1, x2) -> 0 or 1, compared with the truth table
    check_epoch(epoch)          # epoch(w, b, X, t, lr) -> (w, b), compared with the learning rule
"""
from __future__ import annotations

from numbers import Real
from typing import Callable

import numpy as np

from nnlib.exercises import CheckResult, verdict
from nnlib.i18n import Messages

__all__ = ["TRUTH_TABLES", "check_gate", "check_epoch"]

# Outputs for the inputs (0, 0), (1, 0), (0, 1), (1, 1), the order of nnlib.perceptron.INPUTS.
TRUTH_TABLES = {
    "AND": (0, 0, 0, 1), "OR": (0, 1, 1, 1), "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0), "XOR": (0, 1, 1, 0), "XNOR": (1, 0, 0, 1),
}
ROWS = ((0, 0), (1, 0), (0, 1), (1, 1))

MESSAGES = Messages(__name__, {
    "gate_ok": {
        "en": "Correct: {name} agrees with its truth table in all four rows.",
        "ru": "Верно: {name} совпадает с таблицей истинности во всех четырёх строках."},
    "unknown_gate": {
        "en": "check_gate knows the gates {known}; got {name!r}.",
        "ru": "check_gate знает вентили {known}; получено {name!r}."},
    "not_callable": {
        "en": "Pass the function itself, e.g. check_gate(NOR, \"NOR\"), not {got}.",
        "ru": "Передайте саму функцию, например check_gate(NOR, \"NOR\"), а не {got}."},
    "raised": {
        "en": "Calling {fn}({x1}, {x2}) raised {error}.",
        "ru": "Вызов {fn}({x1}, {x2}) завершился ошибкой {error}."},
    "not_a_bit": {
        "en": "{fn}({x1}, {x2}) returned {got!r}; a gate must return 0 or 1.",
        "ru": "{fn}({x1}, {x2}) вернула {got!r}, а вентиль должен возвращать 0 или 1."},
    "inverted": {
        "en": "Every row is the opposite of {name}'s truth table: you built the inverse gate. "
              "Flip the signs of all the parameters.",
        "ru": "Все строки противоположны таблице истинности {name}: получился обратный вентиль. "
              "Смените знаки всех параметров."},
    "wrong_rows": {
        "en": "Not yet {name}: {rows}.",
        "ru": "Пока не {name}: {rows}."},
    "wrong_row": {
        "en": "for x1 = {x1}, x2 = {x2} the output is {got}, the table says {want}",
        "ru": "при x1 = {x1}, x2 = {x2} выход {got}, а по таблице {want}"},
    "epoch_ok": {
        "en": "Correct: your epoch agrees with the learning rule on all {n} test cases.",
        "ru": "Верно: ваша эпоха совпадает с правилом обучения во всех {n} проверочных случаях."},
    "epoch_raised": {
        "en": "Case {case}: calling your function raised {error}.",
        "ru": "Случай {case}: вызов вашей функции завершился ошибкой {error}."},
    "epoch_return": {
        "en": "Case {case}: return the new weights and bias as a pair (w, b); got {got}.",
        "ru": "Случай {case}: верните новые веса и смещение парой (w, b); получено {got}."},
    "epoch_shape": {
        "en": "Case {case}: the weights you return have shape {got}, expected {want}.",
        "ru": "Случай {case}: возвращённые веса имеют форму {got}, а нужна {want}."},
    "epoch_changed_input": {
        "en": "Case {case}: your function changed the array w it was given. Work on a copy "
              "(w = w.copy(), or w = w + ...), so that the caller's weights stay as they were.",
        "ru": "Случай {case}: ваша функция изменила переданный ей массив w. Работайте с копией "
              "(w = w.copy() или w = w + ...), чтобы веса вызывающего кода остались прежними."},
    "epoch_batch": {
        "en": "Case {case}: you seem to compute every row's answer with the weights from the start "
              "of the epoch. The learning rule corrects the parameters after each row, and the next row "
              "already uses the corrected ones.",
        "ru": "Случай {case}: похоже, ответы всех строк вычисляются с весами начала эпохи. "
              "По правилу обучения параметры исправляются после каждой строки, и следующая строка "
              "использует уже исправленные."},
    "epoch_no_bias": {
        "en": "Case {case}: the bias never changes: b must change by η(t − y), like the weights.",
        "ru": "Случай {case}: смещение не меняется, а оно, как и веса, должно меняться на η(t − y)."},
    "epoch_sign": {
        "en": "Case {case}: the corrections go the wrong way: the rule adds η(t − y)x, "
              "target minus answer.",
        "ru": "Случай {case}: поправки направлены не туда: правило прибавляет η(t − y)x, "
              "цель минус ответ."},
    "epoch_no_lr": {
        "en": "Case {case} (η = {lr}): the result is right for η = 1 only: multiply the "
              "correction by the learning rate.",
        "ru": "Случай {case} (η = {lr}): результат верен только при η = 1: умножьте поправку на "
              "скорость обучения."},
    "epoch_ge": {
        "en": "Case {case}: a row whose weighted sum is exactly 0 must give the answer 0 "
              "(formula (2) fires only when the sum is > 0, not ≥ 0).",
        "ru": "Случай {case}: строка, у которой взвешенная сумма равна 0, должна давать ответ 0 "
              "(по формуле (2) нейрон срабатывает при сумме > 0, а не ≥ 0)."},
    "epoch_wrong": {
        "en": "Case {case}: expected w = {w_want}, b = {b_want:g}; got w = {w_got}, b = {b_got:g}.",
        "ru": "Случай {case}: ожидалось w = {w_want}, b = {b_want:g}; получено w = {w_got}, "
              "b = {b_got:g}."},
})


def _name(fn) -> str:
    return getattr(fn, "__name__", "gate")


def _as_bit(value):
    """value as 0 or 1 if it is a single number equal to one of them, else None."""
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (Real, np.number)) and np.ndim(value) == 0 and value in (0, 1):
        return int(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.item() in (0, 1):
        return int(value.item())
    return None


def check_gate(fn: Callable[[int, int], int], name: str) -> CheckResult:
    """Does fn(x1, x2) compute the gate `name` (AND, OR, NAND, NOR, XOR, XNOR) on all four rows?"""
    key = str(name).upper()
    if key not in TRUTH_TABLES:
        return verdict(MESSAGES, "unknown_gate", known=", ".join(TRUTH_TABLES), name=name)
    if not callable(fn):
        return verdict(MESSAGES, "not_callable", got=type(fn).__name__)
    outputs = []
    for x1, x2 in ROWS:
        try:
            got = fn(x1, x2)
        except Exception as exc:      # the student's bug, reported rather than raised
            return verdict(MESSAGES, "raised", fn=_name(fn), x1=x1, x2=x2,
                           error=f"{type(exc).__name__}: {exc}")
        bit = _as_bit(got)
        if bit is None:
            return verdict(MESSAGES, "not_a_bit", fn=_name(fn), x1=x1, x2=x2, got=got)
        outputs.append(bit)
    want = TRUTH_TABLES[key]
    if tuple(outputs) == want:
        return verdict(MESSAGES, "gate_ok", ok=True, name=key)
    if all(o != w for o, w in zip(outputs, want)):
        return verdict(MESSAGES, "inverted", name=key)
    rows = "; ".join(MESSAGES("wrong_row", x1=x1, x2=x2, got=o, want=w)
                     for (x1, x2), o, w in zip(ROWS, outputs, want) if o != w)
    return verdict(MESSAGES, "wrong_rows", name=key, rows=rows)


def _epoch(w, b, X, t, lr, *, per_row=True, fire=lambda s: s > 0, sign=1, use_b=True):
    """One epoch of the learning rule and the usual mistakes in it, selected by the keyword arguments."""
    w, b = np.array(w, dtype=float), float(b)
    w0, b0 = w.copy(), b
    for x_i, t_i in zip(X, t):
        s = x_i @ (w if per_row else w0) + (b if per_row else b0)
        y_i = int(fire(s))
        w = w + lr * sign * (t_i - y_i) * x_i
        if use_b:
            b = b + lr * sign * (t_i - y_i)
    return w, b


# (w, b, X, t, lr): from zero and from set values, two and three inputs, several learning rates.
_AND = np.array([[0, 0], [1, 0], [0, 1], [1, 1]], dtype=float)
EPOCH_CASES = (
    (np.zeros(2), 0.0, _AND, np.array([0, 0, 0, 1]), 1.0),
    (np.array([1.0, 1.0]), -1.0, _AND, np.array([1, 1, 1, 0]), 1.0),
    (np.array([0.5, -0.25]), 0.25, _AND, np.array([0, 1, 1, 0]), 0.5),
    (np.array([0.2, 0.4, -0.1]), -0.3,
     np.array([[1, 0, 1], [0, 1, 1], [1, 1, 0], [0, 0, 1], [1, 1, 1]], dtype=float),
     np.array([1, 0, 1, 0, 1]), 0.1),
)


def _same(a, b) -> bool:
    return bool(np.allclose(a[0], b[0], atol=1e-9) and np.isclose(a[1], b[1], atol=1e-9))


def check_epoch(fn: Callable) -> CheckResult:
    """Does fn(w, b, X, t, lr) -> (w, b) make one epoch of the perceptron learning rule?"""
    if not callable(fn):
        return verdict(MESSAGES, "not_callable", got=type(fn).__name__)
    results = []
    for case, (w, b, X, t, lr) in enumerate(EPOCH_CASES, start=1):
        w_given = w.copy()
        try:
            got = fn(w_given, b, X.copy(), t.copy(), lr)
        except Exception as exc:      # the student's bug, reported rather than raised
            return verdict(MESSAGES, "epoch_raised", case=case, error=f"{type(exc).__name__}: {exc}")
        if not np.array_equal(w_given, w):
            return verdict(MESSAGES, "epoch_changed_input", case=case)
        if not (isinstance(got, (tuple, list)) and len(got) == 2):
            return verdict(MESSAGES, "epoch_return", case=case, got=type(got).__name__)
        try:
            w_got, b_got = np.asarray(got[0], dtype=float), float(got[1])
        except (TypeError, ValueError):
            return verdict(MESSAGES, "epoch_return", case=case, got=repr(got)[:60])
        if w_got.shape != w.shape:
            return verdict(MESSAGES, "epoch_shape", case=case, got=w_got.shape, want=w.shape)
        results.append((w_got, b_got))

    def first_miss(lr1=False, **mistake):
        """The first case where the results differ from the learning rule with this mistake, or None."""
        for case, ((w, b, X, t, lr), res) in enumerate(zip(EPOCH_CASES, results), start=1):
            if not _same(res, _epoch(w, b, X, t, 1.0 if lr1 else lr, **mistake)):
                return case
        return None

    miss = first_miss()
    if miss is None:
        return verdict(MESSAGES, "epoch_ok", ok=True, n=len(EPOCH_CASES))
    # A wrong answer that is one of the usual mistakes on every case gets that mistake's message.
    mistakes = (("epoch_batch", dict(per_row=False)), ("epoch_ge", dict(fire=lambda s: s >= 0)),
                ("epoch_sign", dict(sign=-1)), ("epoch_no_bias", dict(use_b=False)),
                ("epoch_no_lr", dict(lr1=True)))
    for key, variant in mistakes:
        if first_miss(**variant) is None:
            return verdict(MESSAGES, key, case=miss, lr=EPOCH_CASES[miss - 1][4])
    w, b, X, t, lr = EPOCH_CASES[miss - 1]
    want, (w_got, b_got) = _epoch(w, b, X, t, lr), results[miss - 1]
    return verdict(MESSAGES, "epoch_wrong", case=miss, w_want=np.round(want[0], 6).tolist(),
                   b_want=round(float(want[1]), 6), w_got=np.round(w_got, 6).tolist(),
                   b_got=round(b_got, 6))
