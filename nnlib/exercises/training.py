"""Checks for the exercises of chapter 3: a layer's backward pass, an Affine layer, a network's gradient.

Every check computes its truth independently, by central differences in float64, and returns a
CheckResult: true when the code is right, otherwise false with a message in the reader's language that
says what is wrong and where to look.

    check_layer(layer, reference=np.tanh)   any layer with forward(x) and backward(dout) -> dx
    check_affine_backward(AffineClass)       a class with Affine's interface: dx, dW, db
    check_network_gradient(gradient)         gradient(params, x, t) -> grads of Affine–Sigmoid–Affine–Softmax
    check_train_epoch(my_train_epoch)        one epoch of mini-batch SGD written out by hand
"""
from __future__ import annotations

import copy
import math

import numpy as np

from ..gradient import numerical_gradient
from ..i18n import Messages
from . import CheckResult

__all__ = ["check_layer", "check_affine_backward", "check_network_gradient", "check_train_epoch",
           "two_layer_loss"]

_TEXTS = {
    "en": {
        "ok_layer": "✓ {name}: backward agrees with the numerical gradient (relative difference below 1e-6)",
        "ok_affine": "✓ {name}: forward, dx, dW and db agree with the numerical gradient "
                     "(relative difference below 1e-6)",
        "ok_network": "✓ the gradients of W1, b1, W2, b2 agree with the numerical ones "
                      "(relative difference below 1e-6)",
        "crashed": "✗ {what} raised {error}",
        "no_method": "✗ {name} has no method {method}(); a layer needs forward(x) and backward(dout)",
        "forward_shape": "✗ forward returns shape {got}, expected {expected}",
        "forward_values": "✗ forward gives wrong values: largest difference from the reference {diff:.1e}",
        "none": "✗ {what} is None; {hint}",
        "none_dx": "backward must return dx, the gradient with respect to the input",
        "none_param": "backward must set self.{attr}",
        "none_grad": "the returned dictionary needs the key {key!r}",
        "not_dict": "✗ gradient must return a dict with keys W1, b1, W2, b2, got {got}",
        "shape": "✗ {what} has shape {got}, expected {expected} (the shape of {of})",
        "shape_db_batch": " — it has the shape of dout: the bias is added to all N rows, so its gradient "
                          "is the sum of dout over the rows, dout.sum(axis=0)",
        "shape_transposed": " — it is transposed: for Y = X·W, ∂L/∂W = Xᵀ·∂L/∂Y and ∂L/∂X = ∂L/∂Y·Wᵀ",
        "values": "✗ {what} is wrong: largest relative difference from the numerical gradient {rel:.1e}",
        "hint_no_dout": " — it equals the local derivative alone: multiply it by the incoming gradient dout",
        "hint_mean": " — it is the mean over the rows; the contributions of the N rows add up: use the sum",
        "hint_scale": " — it is the right value times {factor:g}: {why}",
        "why_n": "the loss is the mean over N examples, so ∂L/∂A⁽²⁾ = (Y − T)/N",
        "why_inv_n": "divide by N once, not twice",
        "why_sign": "the sign is wrong; ∂L/∂A⁽²⁾ = (Y − T)/N, not (T − Y)/N",
        "hint_derivative_of_input": " — h′ is evaluated at the wrong array: the sigmoid's derivative is "
                                    "Z(1 − Z), computed from its output Z, not from its input A",
        "hint_first": " — the first wrong entry is at index {index}",
        "ok_epoch": "✓ one epoch of {steps} steps gives the parameters of mini-batch gradient descent",
        "epoch_unchanged": "✗ the parameters did not change: update them in place, "
                           "network.params[key] -= lr * grads[key]",
        "epoch_ascent": "✗ the parameters moved uphill: the step is W ← W − η·∂L/∂W, with a minus",
        "epoch_last_batch": "✗ the last, shorter mini-batch was skipped: {n} examples in batches of {b} make "
                            "{steps} steps, range(0, len(order), batch_size) gives all of them",
        "epoch_order": "✗ the mini-batches must be taken in the shuffled order: x[order[start:start + batch_size]]",
        "epoch_one_step": "✗ the whole epoch made a single step over all the examples; make one step per "
                          "mini-batch",
        "epoch_lr": "✗ the steps have the wrong length: the learning rate is lr, used once per step",
        "epoch_values": "✗ after the epoch {key} differs from mini-batch gradient descent by up to {diff:.1e}",
    },
    "ru": {
        "ok_layer": "✓ {name}: backward совпадает с численным градиентом (относительная разность "
                    "меньше 1e-6)",
        "ok_affine": "✓ {name}: forward, dx, dW и db совпадают с численным градиентом "
                     "(относительная разность меньше 1e-6)",
        "ok_network": "✓ градиенты по W1, b1, W2, b2 совпадают с численными (относительная "
                      "разность меньше 1e-6)",
        "crashed": "✗ {what} выбросил исключение {error}",
        "no_method": "✗ у {name} нет метода {method}(); слою нужны forward(x) и backward(dout)",
        "forward_shape": "✗ forward возвращает массив формы {got}, ожидалась {expected}",
        "forward_values": "✗ forward даёт неверные значения: наибольшее отличие от эталона {diff:.1e}",
        "none": "✗ {what} равно None; {hint}",
        "none_dx": "backward должен возвращать dx — градиент по входу",
        "none_param": "backward должен присвоить self.{attr}",
        "none_grad": "в возвращаемом словаре нужен ключ {key!r}",
        "not_dict": "✗ gradient должна возвращать словарь с ключами W1, b1, W2, b2, получено {got}",
        "shape": "✗ {what} имеет форму {got}, ожидалась {expected} (форма {of})",
        "shape_db_batch": " — это форма dout: смещение прибавляется ко всем N строкам, поэтому его "
                          "градиент — сумма dout по строкам, dout.sum(axis=0)",
        "shape_transposed": " — массив транспонирован: для Y = X·W ∂L/∂W = Xᵀ·∂L/∂Y и ∂L/∂X = ∂L/∂Y·Wᵀ",
        "values": "✗ {what} неверен: наибольшая относительная разность с численным градиентом {rel:.1e}",
        "hint_no_dout": " — это одна локальная производная: её нужно умножить на пришедший градиент dout",
        "hint_mean": " — это среднее по строкам; вклады N строк складываются, нужна сумма",
        "hint_scale": " — это верное значение, умноженное на {factor:g}: {why}",
        "why_n": "функция потерь — среднее по N примерам, поэтому ∂L/∂A⁽²⁾ = (Y − T)/N",
        "why_inv_n": "делить на N нужно один раз, а не дважды",
        "why_sign": "знак неверен: ∂L/∂A⁽²⁾ = (Y − T)/N, а не (T − Y)/N",
        "hint_derivative_of_input": " — h′ вычислена не от того массива: производная сигмоиды равна "
                                    "Z(1 − Z) и выражается через её выход Z, а не через вход A",
        "hint_first": " — первый неверный элемент имеет индекс {index}",
        "ok_epoch": "✓ одна эпоха из {steps} шагов даёт параметры градиентного спуска по мини-батчам",
        "epoch_unchanged": "✗ параметры не изменились: обновляйте их на месте, "
                           "network.params[key] -= lr * grads[key]",
        "epoch_ascent": "✗ параметры сдвинулись в сторону роста: шаг — W ← W − η·∂L/∂W, со знаком минус",
        "epoch_last_batch": "✗ пропущен последний, более короткий мини-батч: {n} примеров в батчах по {b} — "
                            "это {steps} шага, range(0, len(order), batch_size) даёт их все",
        "epoch_order": "✗ мини-батчи нужно брать в перемешанном порядке: x[order[start:start + batch_size]]",
        "epoch_one_step": "✗ за всю эпоху сделан один шаг по всем примерам; нужен шаг на каждый мини-батч",
        "epoch_lr": "✗ шаги неверной длины: скорость обучения — lr, один раз на шаг",
        "epoch_values": "✗ после эпохи {key} отличается от градиентного спуска по мини-батчам на величину до {diff:.1e}",
    },
}

_TOLERANCE = 1e-6  # relative; central differences in float64 are good to about 1e-9 here


# One catalogue of nnlib.i18n: each message in both languages, in the reader's language when said
_MESSAGES = Messages(__name__, {key: {lang: texts[key] for lang, texts in _TEXTS.items()} for key in _TEXTS["en"]})


def _say(message_key: str, **values) -> str:
    return _MESSAGES(message_key, **values)


def _fail(problem: str, message: str) -> CheckResult:
    return CheckResult(False, message, problem)


def _rel(a, b) -> float:
    """Largest |a − b| relative to the size of b (at least 1e-12, so that zero gradients compare too)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-12))


def _first_wrong(got, expected) -> tuple:
    scale = _TOLERANCE * max(np.max(np.abs(expected)), 1e-12)
    bad = np.abs(np.asarray(got, dtype=np.float64) - expected) > scale
    return tuple(int(i) for i in np.argwhere(bad)[0])


def _compare(what: str, got, expected, of: str, hints: dict | None = None) -> CheckResult | None:
    """None if got matches expected; otherwise the failed CheckResult saying what is wrong.

    hints: {problem key: array} — known wrong answers; if got is one of them, the message says so.
    """
    got = np.asarray(got)
    if got.shape != expected.shape:
        message = _say("shape", what=what, got=got.shape, expected=expected.shape, of=of)
        if got.ndim == 2 and got.shape == expected.shape[::-1]:
            return _fail("shape_transposed", message + _say("shape_transposed"))
        return _fail("shape", message)
    if _rel(got, expected) <= _TOLERANCE:
        return None
    message = _say("values", what=what, rel=_rel(got, expected))
    for problem, (hint, wrong) in (hints or {}).items():
        if np.shape(wrong) == got.shape and _rel(got, wrong) <= _TOLERANCE:
            return _fail(problem, message + hint)
    return _fail("values", message + _say("hint_first", index=_first_wrong(got, expected)))


def _sum_of(dout, forward):
    """L(v) = Σ dout ⊙ forward(v): a loss whose gradient with respect to the output is dout."""
    return lambda v: float(np.sum(dout * forward(v)))


def _call(what: str, f, *args):
    """(result, None), or (None, failed CheckResult) if f raised. (A failed CheckResult is falsy:
    test it with `is not None`.)"""
    try:
        return f(*args), None
    except Exception as error:  # the student's code may raise anything: report it, do not crash
        return None, _fail("crashed", _say("crashed", what=what, error=f"{type(error).__name__}: {error}"))


def _check_forward(out, expected) -> CheckResult | None:
    if np.shape(out) != expected.shape:
        return _fail("forward_shape", _say("forward_shape", got=np.shape(out), expected=expected.shape))
    diff = float(np.max(np.abs(np.asarray(out, dtype=np.float64) - expected)))
    if not diff <= 1e-8:
        return _fail("forward_values", _say("forward_values", diff=diff))
    return None


def check_layer(layer, x=None, reference=None, seed: int = 0) -> CheckResult:
    """Gradient check of a layer with forward(x) -> out and backward(dout) -> dx.

    x: float64 input (default: a random (4, 5) array with no element within 0.1 of zero, where ReLU-like
    layers have no derivative). reference: optional function giving the right forward values, e.g. np.tanh.
    The numerical gradient uses fresh copies of the layer, so the layer's own state is as after forward(x).
    """
    name = type(layer).__name__
    for method in ("forward", "backward"):
        if not callable(getattr(layer, method, None)):
            return _fail("no_method", _say("no_method", name=name, method=method))
    rng = np.random.default_rng(seed)
    if x is None:
        x = rng.uniform(0.1, 2.0, size=(4, 5)) * rng.choice([-1.0, 1.0], size=(4, 5))
    x = np.array(x, dtype=np.float64)
    fresh = copy.deepcopy(layer)

    out, failed = _call(f"{name}.forward", layer.forward, x.copy())
    if failed is not None:
        return failed
    if reference is not None:
        failed = _check_forward(out, np.asarray(reference(x), dtype=np.float64))
        if failed is not None:
            return failed
    dout = rng.normal(size=np.shape(out))
    dx, failed = _call(f"{name}.backward", layer.backward, dout.copy())
    if failed is not None:
        return failed
    if dx is None:
        return _fail("none", _say("none", what="dx", hint=_say("none_dx")))

    def forward(v):
        return copy.deepcopy(fresh).forward(v)

    truth = numerical_gradient(_sum_of(dout, forward), x.copy())
    local = numerical_gradient(_sum_of(np.ones_like(dout), forward), x.copy())
    failed = _compare("dx", dx, truth, "x", {"no_dout": (_say("hint_no_dout"), local)})
    return CheckResult(True, _say("ok_layer", name=name)) if failed is None else failed


def check_affine_backward(affine_class, seed: int = 0) -> CheckResult:
    """Gradient check of a class with nnlib's Affine interface: Affine(W, b), forward(x),
    backward(dout) -> dx, setting dW and db. Uses a batch of N = 4 rows, 3 inputs, 2 outputs, in float64.
    """
    name = getattr(affine_class, "__name__", type(affine_class).__name__)
    rng = np.random.default_rng(seed)
    x, W, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=2)
    dout = rng.normal(size=(4, 2))

    layer, failed = _call(f"{name}(W, b)", affine_class, W.copy(), b.copy())
    if failed is not None:
        return failed
    out, failed = _call(f"{name}.forward", layer.forward, x.copy())
    if failed is None:
        failed = _check_forward(out, x @ W + b)
    if failed is not None:
        return failed
    dx, failed = _call(f"{name}.backward", layer.backward, dout.copy())
    if failed is not None:
        return failed

    truth = {
        "dx": numerical_gradient(_sum_of(dout, lambda v: v @ W + b), x.copy()),
        "dW": numerical_gradient(_sum_of(dout, lambda v: x @ v + b), W.copy()),
        "db": numerical_gradient(_sum_of(dout, lambda v: x @ W + v), b.copy()),
    }
    got = {"dx": dx, "dW": getattr(layer, "dW", None), "db": getattr(layer, "db", None)}
    of = {"dx": "x", "dW": "W", "db": "b"}
    for key in ("dx", "dW", "db"):
        if got[key] is None:
            hint = _say("none_dx") if key == "dx" else _say("none_param", attr=key)
            return _fail("none", _say("none", what=key, hint=hint))
        if key == "db" and np.shape(got[key]) == dout.shape:
            return _fail("db_not_summed", _say("shape", what="db", got=dout.shape, expected=b.shape, of="b")
                         + _say("shape_db_batch"))
        hints = {"db_mean": (_say("hint_mean"), dout.mean(axis=0))} if key == "db" else {}
        failed = _compare(key, got[key], truth[key], of[key], hints)
        if failed is not None:
            return failed
    return CheckResult(True, _say("ok_affine", name=name))


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def two_layer_loss(params: dict, x, t) -> float:
    """The loss of the chapter-2 network with a sigmoid hidden layer and softmax cross-entropy output.

    A1 = X·W1 + b1, Z1 = h(A1), A2 = Z1·W2 + b2, L = mean over rows of −log softmax(A2)[t];
    x (N, n_in), t integer labels (N,).
    """
    z1 = _sigmoid(x @ params["W1"] + params["b1"])
    a2 = z1 @ params["W2"] + params["b2"]
    a2 = a2 - a2.max(axis=1, keepdims=True)
    log_y = a2 - np.log(np.exp(a2).sum(axis=1, keepdims=True))
    return float(-np.mean(log_y[np.arange(len(x)), t]))


def check_network_gradient(gradient, seed: int = 0) -> CheckResult:
    """Check gradient(params, x, t) -> {"W1", "b1", "W2", "b2"} for the network of two_layer_loss.

    Uses a 4–3–3 network in float64 and a batch of N = 5 examples; the truth is the numerical gradient of
    two_layer_loss. Names the first wrong gradient and, where it recognises the mistake, its cause.
    """
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=3),
              "W2": rng.normal(size=(3, 3)), "b2": rng.normal(size=3)}
    x, t = rng.normal(size=(5, 4)), np.array([0, 2, 1, 2, 0])
    n = len(x)

    grads, failed = _call("gradient", gradient, {k: v.copy() for k, v in params.items()}, x.copy(), t.copy())
    if failed is not None:
        return failed
    if not isinstance(grads, dict):
        return _fail("not_dict", _say("not_dict", got=type(grads).__name__))

    truth = {key: numerical_gradient(lambda _: two_layer_loss(params, x, t), params[key]) for key in params}
    # A known mistake: h′ taken as A(1 − A) from the sigmoid's input instead of Z(1 − Z) from its output
    a1 = x @ params["W1"] + params["b1"]
    y = np.exp(_sigmoid(a1) @ params["W2"] + params["b2"])
    y /= y.sum(axis=1, keepdims=True)
    d_a1_wrong = ((y - np.eye(3)[t]) / n @ params["W2"].T) * a1 * (1 - a1)
    wrong_input = {"W1": x.T @ d_a1_wrong, "b1": d_a1_wrong.sum(axis=0)}
    why = {n: "why_n", 1 / n: "why_inv_n", -1: "why_sign"}
    for key in ("W1", "b1", "W2", "b2"):
        if grads.get(key) is None:
            return _fail("none", _say("none", what=key, hint=_say("none_grad", key=key)))
        if key.startswith("b") and np.ndim(grads[key]) == 2:
            return _fail("db_not_summed", _say("shape", what=key, got=np.shape(grads[key]),
                                               expected=truth[key].shape, of=key) + _say("shape_db_batch"))
        hints = {"db_mean": (_say("hint_mean"), truth[key] / n)} if key.startswith("b") else {}
        for factor, reason in why.items():
            hints[reason] = (_say("hint_scale", factor=factor, why=_say(reason)), factor * truth[key])
        if key in wrong_input:
            hints["derivative_of_input"] = (_say("hint_derivative_of_input"), wrong_input[key])
        failed = _compare(key, grads[key], truth[key], key, hints)
        if failed is not None:
            return failed
    return CheckResult(True, _say("ok_network"))


def _sgd_epoch(network, x, t, batches, lr) -> None:
    """Mini-batch gradient descent over the given batches (lists of sample indices), in place."""
    for batch in batches:
        grads = network.gradient(x[batch], t[batch])
        for key in network.params:
            network.params[key] -= lr * grads[key]


def check_train_epoch(train_epoch, seed: int = 0) -> CheckResult:
    """Check train_epoch(network, x, t, order, batch_size, lr): one epoch of mini-batch SGD, in place.

    Uses a float64 4–5–3 TwoLayerNet, N = 10 examples in a shuffled order and mini-batches of 4 (so the
    last one holds 2), η = 0.5; the truth is the same epoch made here step by step with network.gradient.
    """
    from ..networks import TwoLayerNet

    rng = np.random.default_rng(seed)
    x, t = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    order, batch_size, lr = rng.permutation(10), 4, 0.5
    n, steps = len(order), math.ceil(len(order) / batch_size)

    def fresh():
        return TwoLayerNet(4, 5, 3, seed=seed, weight_init_std=0.5, dtype=np.float64)

    def after(batches, step=lr):
        net = fresh()
        _sgd_epoch(net, x, t, batches, step)
        return net.params

    cut = [order[i:i + batch_size] for i in range(0, n, batch_size)]
    truth = after(cut)
    student = fresh()
    start = {key: value.copy() for key, value in student.params.items()}
    _, failed = _call("train_epoch", train_epoch, student, x.copy(), t.copy(), order.copy(), batch_size, lr)
    if failed is not None:
        return failed
    got = student.params

    def same(params):
        return all(np.allclose(got[key], params[key], rtol=1e-9, atol=1e-12) for key in params)

    if same(truth):
        return CheckResult(True, _say("ok_epoch", steps=steps))
    known = [
        ("epoch_unchanged", {}, start),
        ("epoch_ascent", {}, after(cut, -lr)),
        ("epoch_last_batch", {"n": n, "b": batch_size, "steps": steps}, after(cut[:-1])),
        ("epoch_order", {}, after([np.arange(i, min(i + batch_size, n)) for i in range(0, n, batch_size)])),
        ("epoch_one_step", {}, after([order])),
        ("epoch_lr", {}, after(cut, lr * lr)),
    ]
    for problem, values, params in known:
        if same(params):
            return _fail(problem, _say(problem, **values))
    key = max(truth, key=lambda k: float(np.max(np.abs(got[k] - truth[k]))))
    return _fail("epoch_values", _say("epoch_values", key=key, diff=float(np.max(np.abs(got[key] - truth[key])))))
