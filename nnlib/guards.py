"""Input checks of nnlib's public functions, kept here so that the functions read like the formulas.

Each public function makes one call into this module, which raises a ValueError or TypeError that
says what was expected (shapes, dtypes, value ranges), in the reader's language (nnlib.i18n), and
returns the inputs as the arrays the function computes with.
"""
from __future__ import annotations

import math
from numbers import Real

import numpy as np

from .i18n import Messages

_ = Messages("guards", {
    "bit": {
        "en": "{fn} expects {name} to be 0 or 1 (or a bool), got {value!r}",
        "ru": "{fn} ожидает, что {name} равно 0 или 1 (или bool), получено {value!r}"},
    "weights_1d": {
        "en": "{fn} expects weights w of shape (n,), got shape {shape}",
        "ru": "{fn} ожидает веса w формы (n,), получена форма {shape}"},
    "x_matches_w": {
        "en": "{fn} expects x of shape ({n},) or (N, {n}) to match w of shape ({n},), got shape {shape}",
        "ru": "{fn} ожидает x формы ({n},) или (N, {n}) под веса w формы ({n},), получена форма {shape}"},
    "scalar_bias": {
        "en": "{fn} expects a scalar bias b, got shape {shape}",
        "ru": "{fn} ожидает скалярное смещение b, получена форма {shape}"},
    "finite": {
        "en": "{fn} expects finite {what}, got NaN or infinity",
        "ru": "{fn} ожидает конечные значения {what}, а в них есть NaN или бесконечность"},
    "positive_int": {
        "en": "{fn} expects {name} to be a positive integer, got {value!r}",
        "ru": "{fn} ожидает, что {name} — целое положительное число, получено {value!r}"},
    "nonnegative_int": {
        "en": "{fn} expects {name} to be a non-negative integer, got {value!r}",
        "ru": "{fn} ожидает, что {name} — целое неотрицательное число, получено {value!r}"},
    "positive_number": {
        "en": "{fn} expects {name} to be a positive finite number, got {value!r}",
        "ru": "{fn} ожидает, что {name} — положительное конечное число, получено {value!r}"},
    "fit_x": {
        "en": "fit expects X of shape (N, {n}), got shape {shape}",
        "ru": "fit ожидает X формы (N, {n}), получена форма {shape}"},
    "fit_t": {
        "en": "fit expects targets t of shape ({n},), got shape {shape}",
        "ru": "fit ожидает ответы t формы ({n},), получена форма {shape}"},
    "fit_t_bits": {
        "en": "fit expects targets t of 0s and 1s, got {values}",
        "ru": "fit ожидает ответы t из нулей и единиц, получено {values}"},
    "fit_w": {
        "en": "fit expects w of shape ({n},), got shape {shape}",
        "ru": "fit ожидает w формы ({n},), получена форма {shape}"},
    "numeric": {
        "en": "{fn} expects a numeric array, got dtype {dtype}",
        "ru": "{fn} ожидает числовой массив, получен тип {dtype}"},
    "ndim_1_or_2": {
        "en": "{fn} expects {name} of shape (n,) or (batch, n), got shape {shape}",
        "ru": "{fn} ожидает {name} формы (n,) или (batch, n), получена форма {shape}"},
    "same_shape": {
        "en": "{fn} expects y and t of the same shape, got y {y} and t {t}",
        "ru": "{fn} ожидает y и t одной формы, получены y {y} и t {t}"},
    "empty_batch": {
        "en": "{fn} expects at least one sample, got an empty batch of shape {shape}",
        "ru": "{fn} ожидает хотя бы один пример, получен пустой мини-батч формы {shape}"},
    "nan": {
        "en": "{fn} got NaN in {name}",
        "ru": "{fn}: в {name} есть NaN"},
    "probabilities": {
        "en": "{fn} expects probabilities y in [0, 1] (e.g. softmax output), got values from {low:g} to {high:g}",
        "ru": "{fn} ожидает вероятности y из [0, 1] (например, выход softmax), получены значения "
              "от {low:g} до {high:g}"},
    "one_sample_t": {
        "en": "{fn} expects for y of shape {shape} a one-hot t of the same shape or one integer label, "
              "got t of shape {t_shape}",
        "ru": "{fn} ожидает для y формы {shape} унитарный (one-hot) вектор t той же формы или одну целую "
              "метку, получено t формы {t_shape}"},
    "labels_shape": {
        "en": "{fn} expects integer labels of shape ({n},), got shape {shape}",
        "ru": "{fn} ожидает целые метки формы ({n},), получена форма {shape}"},
    "labels_column": {
        "en": "{fn} expects integer labels of shape ({n},), got shape {shape}; flatten them with t.ravel()",
        "ru": "{fn} ожидает целые метки формы ({n},), получена форма {shape}; вытяните их в вектор: t.ravel()"},
    "labels_range": {
        "en": "{fn} expects labels in 0..{last}, got values from {low} to {high}",
        "ru": "{fn} ожидает метки от 0 до {last}, получены значения от {low} до {high}"},
    "labels_int": {
        "en": "{fn} expects integer labels, got dtype {dtype}; convert them with t.astype(int)",
        "ru": "{fn} ожидает целые метки, получен тип {dtype}; преобразуйте их: t.astype(int)"},
    "one_hot": {
        "en": "{fn} expects t as one-hot rows (one 1, the rest 0) of shape {shape}, got other values",
        "ru": "{fn} ожидает t из унитарных (one-hot) строк формы {shape}: одна единица, остальные нули; "
              "получены другие значения"},
    "targets": {
        "en": "{fn} expects t as one-hot of shape {shape} or integer labels of shape ({n},), "
              "got shape {t_shape} and dtype {dtype}",
        "ru": "{fn} ожидает t в виде унитарных (one-hot) векторов формы {shape} или целых меток формы ({n},), "
              "получены форма {t_shape} и тип {dtype}"},
    "affine_params": {
        "en": "Affine expects W of shape (in, out) and b of shape (out,), got W {W} and b {b}",
        "ru": "Affine ожидает W формы (in, out) и b формы (out,), получены W {W} и b {b}"},
    "batch_input": {
        "en": "{fn} expects x of shape (N, {n}), got shape {shape}",
        "ru": "{fn} ожидает x формы (N, {n}), получена форма {shape}"},
    "one_sample_hint": {
        "en": "; for one sample use x.reshape(1, -1)",
        "ru": "; для одного примера возьмите x.reshape(1, -1)"},
    "scores_2d": {
        "en": "{fn} expects scores x of shape (N, k), got shape {shape}",
        "ru": "{fn} ожидает выходы последнего слоя x формы (N, k), получена форма {shape}"},
    "forward_keys": {
        "en": "forward expects a dict with keys W1, b1, ..., WL, bL, got keys {keys}",
        "ru": "forward ожидает словарь с ключами W1, b1, ..., WL, bL, получены ключи {keys}"},
    "forward_layer": {
        "en": "forward expects W{l} of shape (in, out) and b{l} of shape (out,), got {W} and {b}",
        "ru": "forward ожидает W{l} формы (in, out) и b{l} формы (out,), получены {W} и {b}"},
    "forward_chain": {
        "en": "W{l} has {rows} rows but layer {prev} has {outputs} outputs",
        "ru": "в W{l} {rows} строк, а у слоя {prev} {outputs} выходов"},
    "forward_x": {
        "en": "forward expects x of shape ({n},) or (N, {n}), got shape {shape}",
        "ru": "forward ожидает x формы ({n},) или (N, {n}), получена форма {shape}"},
    "init_std": {
        "en": "weight_init_std expects a number, 'he' or 'xavier', got {value!r}",
        "ru": "weight_init_std ожидает число, 'he' или 'xavier', получено {value!r}"},
    "float_dtype": {
        "en": "expected a float dtype for the parameters (np.float32 or np.float64), got {dtype}",
        "ru": "параметры должны быть вещественного типа (np.float32 или np.float64), получен {dtype}"},
    "sizes": {
        "en": "expected layer sizes that are positive integers, got {sizes}",
        "ru": "размеры слоёв должны быть целыми положительными числами, получено {sizes}"},
    "activation": {
        "en": "activation expects 'relu' or 'sigmoid', got {value!r}",
        "ru": "activation ожидает 'relu' или 'sigmoid', получено {value!r}"},
    "weight_decay": {
        "en": "weight_decay_lambda expects a non-negative finite number, got {value!r}",
        "ru": "weight_decay_lambda ожидает неотрицательное конечное число, получено {value!r}"},
    "nonfinite_input": {
        "en": "{fn} got NaN or infinite values in x (first in row {row}); clean or drop those samples",
        "ru": "{fn}: в x есть NaN или бесконечность (впервые в строке {row}); исправьте или уберите эти примеры"},
    "float64_net": {
        "en": "numerical_gradient needs a float64 network for accurate differences, got {dtype}; "
              "create it with dtype=np.float64",
        "ru": "numerical_gradient нужна сеть в float64, иначе разности неточны; получен {dtype}; "
              "создайте сеть с dtype=np.float64"},
    "update_keys": {
        "en": "SGD.update expects grads with the same keys as params; missing in grads: {missing}, "
              "not in params: {extra}",
        "ru": "SGD.update ожидает в grads те же ключи, что в params; нет в grads: {missing}, "
              "лишние: {extra}"},
    "update_array": {
        "en": "SGD.update expects params[{key!r}] to be a numpy array (updated in place), got {kind}",
        "ru": "SGD.update ожидает, что params[{key!r}] — массив numpy (он меняется на месте), получен {kind}"},
    "update_grad": {
        "en": "SGD.update expects grads[{key!r}] to be a numpy array, got {kind}",
        "ru": "SGD.update ожидает, что grads[{key!r}] — массив numpy, получен {kind}"},
    "update_shape": {
        "en": "SGD.update expects grads[{key!r}] of shape {shape} like params[{key!r}], got shape {got}",
        "ru": "SGD.update ожидает grads[{key!r}] формы {shape}, как у params[{key!r}], получена форма {got}"},
    "f_scalar": {
        "en": "{fn} expects f to return a scalar, got shape {shape}",
        "ru": "{fn} ожидает, что f возвращает число, получена форма {shape}"},
    "callable": {
        "en": "{fn} expects a function f, got {kind}",
        "ru": "{fn} ожидает функцию f, получен {kind}"},
    "gradient_array": {
        "en": "numerical_gradient expects x to be a float64 numpy array, got {kind}",
        "ru": "numerical_gradient ожидает x — массив numpy типа float64, получен {kind}"},
    "gradient_dtype": {
        "en": "numerical_gradient expects x of dtype float64 (for accurate differences), got {dtype}; "
              "convert it with x.astype(np.float64)",
        "ru": "numerical_gradient ожидает x типа float64 (иначе разности неточны), получен {dtype}; "
              "преобразуйте: x.astype(np.float64)"},
    "writeable": {
        "en": "numerical_gradient perturbs x in place and expects a writeable array, got a read-only one; "
              "pass a copy, x.copy()",
        "ru": "numerical_gradient меняет x на месте, а массив только для чтения; передайте копию: x.copy()"},
    "start_point": {
        "en": "gradient_descent expects a finite starting point, got {x}",
        "ru": "gradient_descent ожидает конечную начальную точку, получено {x}"},
    "train_x": {
        "en": "train expects x_{name} of shape (N, features) with N > 0, got shape {shape}",
        "ru": "train ожидает x_{name} формы (N, число признаков) с N > 0, получена форма {shape}"},
    "train_t": {
        "en": "train expects t_{name} with one label per sample ({n}), got {got}",
        "ru": "train ожидает в t_{name} по одной метке на пример ({n}), получено {got}"},
    "train_width": {
        "en": "train expects x_{name} with {n} features, as the network's first layer, got {got}",
        "ru": "train ожидает в x_{name} {n} признаков, как у первого слоя сети, получено {got}"},
    "batch_size": {
        "en": "train expects batch_size from 1 to len(x_train) = {n}, got {value!r}",
        "ru": "train ожидает batch_size от 1 до len(x_train) = {n}, получено {value!r}"},
    "max_steps": {
        "en": "train expects max_steps to be None or a positive integer, got {value!r}",
        "ru": "train ожидает max_steps — None или целое положительное число, получено {value!r}"},
    "patience": {
        "en": "train expects patience to be None or a positive integer, got {value!r}",
        "ru": "train ожидает patience — None или целое положительное число, получено {value!r}"},
    "patience_test": {
        "en": "train(patience=...) stops on the accuracy of held-out data: pass x_test and t_test",
        "ru": "train(patience=...) останавливается по точности на отложенных данных: передайте x_test и t_test"},
})


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _is_number(value) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and bool(np.isfinite(value))


def positive_int(fn: str, name: str, value) -> int:
    if not _is_int(value) or value < 1:
        raise ValueError(_("positive_int", fn=fn, name=name, value=value))
    return int(value)


def positive_number(fn: str, name: str, value) -> float:
    if not _is_number(value) or value <= 0:
        raise ValueError(_("positive_number", fn=fn, name=name, value=value))
    return float(value)


# chapter 1: the perceptron

def bits(fn: str, x1, x2) -> None:
    """x1 and x2 must each be 0, 1 or a bool."""
    for name, value in (("x1", x1), ("x2", x2)):
        if not (isinstance(value, (Real, np.bool_, np.number)) and np.ndim(value) == 0 and value in (0, 1)):
            raise ValueError(_("bit", fn=fn, name=name, value=value))


def perceptron_args(x, w, b) -> tuple[np.ndarray, np.ndarray]:
    """x (n,) or (N, n), w (n,), a scalar b, all finite; returns x and w as arrays."""
    x, w = np.asarray(x), np.asarray(w)
    if w.ndim != 1:
        raise ValueError(_("weights_1d", fn="perceptron", shape=w.shape))
    if x.ndim not in (1, 2) or x.shape[-1] != w.shape[0]:
        raise ValueError(_("x_matches_w", fn="perceptron", n=w.shape[0], shape=x.shape))
    if np.ndim(b) != 0:
        raise ValueError(_("scalar_bias", fn="perceptron", shape=np.shape(b)))
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(w)) and np.isfinite(b)):
        raise ValueError(_("finite", fn="perceptron", what="x, w, b"))
    return x, w


def fit_args(n_inputs: int, w, X, t, max_epochs) -> tuple[np.ndarray, np.ndarray]:
    """Perceptron.fit's X (N, n_inputs) as float64 and 0/1 targets t (N,)."""
    X, t = np.asarray(X, dtype=np.float64), np.asarray(t)
    if X.ndim != 2 or X.shape[1] != n_inputs:
        raise ValueError(_("fit_x", n=n_inputs, shape=X.shape))
    if t.shape != (X.shape[0],):
        raise ValueError(_("fit_t", n=X.shape[0], shape=t.shape))
    if not np.all((t == 0) | (t == 1)):
        raise ValueError(_("fit_t_bits", values=t.tolist()))
    if not np.all(np.isfinite(X)):
        raise ValueError(_("finite", fn="fit", what="X"))
    positive_int("fit", "max_epochs", max_epochs)
    if np.shape(w) != (n_inputs,):
        raise ValueError(_("fit_w", n=n_inputs, shape=np.shape(w)))
    return X, t


# chapter 2: activations and losses

def float_array(fn: str, x) -> np.ndarray:
    """x as a float ndarray: float input keeps its dtype, int/bool input becomes float64."""
    x = np.asarray(x)
    if x.dtype.kind == "f":
        return x
    if x.dtype.kind in "biu":
        return x.astype(np.float64)
    raise TypeError(_("numeric", fn=fn, dtype=x.dtype))


def vector_or_batch(fn: str, x, name: str = "x") -> np.ndarray:
    """A float array of shape (n,) or (batch, n), with at least one sample."""
    if type(x) is np.ndarray and x.dtype.kind == "f" and 1 <= x.ndim <= 2 and x.size:
        return x    # the usual case, in one test: it runs at every training step
    x = float_array(fn, x)
    if x.ndim not in (1, 2):
        raise ValueError(_("ndim_1_or_2", fn=fn, name=name, shape=x.shape))
    if x.size == 0:
        raise ValueError(_("empty_batch", fn=fn, shape=x.shape))
    return x


def same_shape(fn: str, y, t) -> tuple[np.ndarray, np.ndarray]:
    y, t = vector_or_batch(fn, y, "y"), float_array(fn, t)
    if y.shape != t.shape:
        raise ValueError(_("same_shape", fn=fn, y=y.shape, t=t.shape))
    return y, t


def labels(fn: str, t, n_samples: int, n_classes: int) -> np.ndarray:
    """Integer labels (n_samples,) in 0..n_classes−1, from integer labels or one-hot rows (n_samples, n_classes)."""
    t = np.asarray(t)
    if _usual_labels(t, n_samples, n_classes):
        return t
    if t.shape == (n_samples, n_classes) and t.dtype.kind in "biuf" and n_classes > 1:
        if not (np.all((t == 0) | (t == 1)) and np.all(t.sum(axis=1) == 1)):
            raise ValueError(_("one_hot", fn=fn, shape=t.shape))
        return t.argmax(axis=1)
    if t.dtype.kind in "iu":
        if t.shape in ((n_samples, 1), (1, n_samples)):
            raise ValueError(_("labels_column", fn=fn, n=n_samples, shape=t.shape))
        if t.shape != (n_samples,):
            raise ValueError(_("labels_shape", fn=fn, n=n_samples, shape=t.shape))
        if n_samples and (t.min() < 0 or t.max() >= n_classes):
            raise ValueError(_("labels_range", fn=fn, last=n_classes - 1, low=t.min(), high=t.max()))
        return t
    if t.shape in ((n_samples,), (n_samples, 1)):
        raise TypeError(_("labels_int", fn=fn, dtype=t.dtype))
    raise ValueError(_("targets", fn=fn, shape=(n_samples, n_classes), n=n_samples, t_shape=t.shape,
                       dtype=t.dtype))


def _usual_labels(t: np.ndarray, n_samples: int, n_classes: int) -> bool:
    """True for int64 labels (n_samples,) in 0..n_classes−1, the case of every training step, checked in
    one pass: viewed as unsigned, a negative label becomes a huge one."""
    return (t.dtype is _INT64 and t.shape == (n_samples,)
            and np.maximum.reduce(t.view(np.uint64), initial=0) < n_classes)


_INT64 = np.dtype(np.int64)


def probabilities_and_labels(fn: str, y, t) -> tuple[np.ndarray, np.ndarray]:
    """y as a batch (batch, n) of probabilities, t as its integer labels (batch,)."""
    y, t = vector_or_batch(fn, y, "y"), np.asarray(t)
    if y.ndim == 1:  # one sample: a batch of one
        if t.ndim > 1:
            raise ValueError(_("one_sample_t", fn=fn, shape=y.shape, t_shape=t.shape))
        y, t = y.reshape(1, -1), t.reshape(1, -1) if t.ndim == 1 else t.reshape(1)
    if np.isnan(y).any():
        raise ValueError(_("nan", fn=fn, name="y"))
    if y.min() < 0 or y.max() > 1 + 1e-6:
        raise ValueError(_("probabilities", fn=fn, low=y.min(), high=y.max()))
    return y, labels(fn, t, *y.shape)


# chapter 2: forward passes

def forward_args(network: dict, x) -> tuple[int, np.ndarray]:
    """The number L of layers of {"W1", "b1", ..., "WL", "bL"}, checking that the shapes chain, and x."""
    n = 0
    while f"W{n + 1}" in network:
        n += 1
    if n == 0 or set(network) != {f"{p}{l}" for l in range(1, n + 1) for p in "Wb"}:
        raise ValueError(_("forward_keys", keys=sorted(network)))
    for l in range(1, n + 1):
        W, b = np.shape(network[f"W{l}"]), np.shape(network[f"b{l}"])
        if len(W) != 2 or b != (W[1],):
            raise ValueError(_("forward_layer", l=l, W=W, b=b))
        if l > 1 and W[0] != np.shape(network[f"W{l - 1}"])[1]:
            raise ValueError(_("forward_chain", l=l, rows=W[0], prev=l - 1,
                               outputs=np.shape(network[f"W{l - 1}"])[1]))
    x = np.asarray(x)
    n_in = np.shape(network["W1"])[0]
    if x.ndim not in (1, 2) or x.shape[-1] != n_in or x.size == 0:
        raise ValueError(_("forward_x", n=n_in, shape=x.shape))
    return n, x


# chapter 3: layers and networks

def _batch_hint(x) -> str:
    return _("one_sample_hint") if np.ndim(x) == 1 else ""


def affine_params(W, b) -> tuple[np.ndarray, np.ndarray]:
    W, b = np.asarray(W), np.asarray(b)
    if W.ndim != 2 or b.shape != (W.shape[1],):
        raise ValueError(_("affine_params", W=W.shape, b=b.shape))
    return W, b


def batch(fn: str, x, n_in: int, dtype=None) -> np.ndarray:
    """x as an array (N, n_in) with N ≥ 1 (of dtype, if given; no copy if it already is one)."""
    if (type(x) is np.ndarray and x.ndim == 2 and x.shape[1] == n_in and len(x)
            and (dtype is None or x.dtype is dtype)):
        return x    # the usual case, in one test: it runs at every layer of every training step
    x = np.asarray(x, dtype=dtype)
    if x.ndim != 2 or x.shape[1] != n_in:
        raise ValueError(_("batch_input", fn=fn, n=n_in, shape=x.shape) + _batch_hint(x))
    if len(x) == 0:
        raise ValueError(_("empty_batch", fn=fn, shape=x.shape))
    return x


def scores_and_labels(fn: str, x, t) -> tuple[np.ndarray, np.ndarray]:
    """Scores x (N, k) with N ≥ 1, and t as integer labels (N,)."""
    if type(x) is np.ndarray and x.ndim == 2 and len(x) and type(t) is np.ndarray and _usual_labels(t, *x.shape):
        return x, t     # the usual case: it runs at every training step
    x = np.asarray(x)
    if x.ndim != 2:
        raise ValueError(_("scores_2d", fn=fn, shape=x.shape) + _batch_hint(x))
    if len(x) == 0:
        raise ValueError(_("empty_batch", fn=fn, shape=x.shape))
    return x, labels(fn, t, *x.shape)


def finite_loss(fn: str, loss: float, x: np.ndarray) -> float:
    """A loss that is NaN or infinite because x was (divergence is train's to report)."""
    if not math.isfinite(loss):
        bad = ~np.isfinite(x).all(axis=1)
        if bad.any():
            raise ValueError(_("nonfinite_input", fn=fn, row=int(bad.argmax())))
    return loss


def float_dtype(dtype) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise TypeError(_("float_dtype", dtype=dtype))
    return dtype


def sizes(values) -> None:
    if not all(_is_int(size) and size >= 1 for size in values):
        raise ValueError(_("sizes", sizes=list(values)))


def activation(name: str) -> str:
    if name not in ("relu", "sigmoid"):
        raise ValueError(_("activation", value=name))
    return name


def init_std(weight_init_std, activation_name: str, n_in: int) -> float:
    """A number as given; "he" (√(2/n_in), for ReLU) or "xavier" (√(1/n_in), for sigmoid)."""
    if weight_init_std is None:
        weight_init_std = "he" if activation_name == "relu" else "xavier"
    if isinstance(weight_init_std, str):
        scales = {"he": 2.0, "relu": 2.0, "xavier": 1.0, "sigmoid": 1.0}
        if weight_init_std.lower() not in scales:
            raise ValueError(_("init_std", value=weight_init_std))
        return float(np.sqrt(scales[weight_init_std.lower()] / n_in))
    if not _is_number(weight_init_std) or weight_init_std < 0:
        raise ValueError(_("init_std", value=weight_init_std))
    return float(weight_init_std)


def weight_decay(value) -> float:
    if not _is_number(value) or value < 0:
        raise ValueError(_("weight_decay", value=value))
    return float(value)


def float64_network(dtype) -> None:
    if dtype != np.float64:
        raise TypeError(_("float64_net", dtype=dtype))


def update_args(params: dict, grads: dict) -> None:
    """grads has params' keys, and each grads[k] params[k]'s shape."""
    if params.keys() != grads.keys():
        raise ValueError(_("update_keys", missing=sorted(set(params) - set(grads)),
                           extra=sorted(set(grads) - set(params))))
    for key, param in params.items():
        grad = grads[key]
        if type(param) is np.ndarray and type(grad) is np.ndarray and grad.shape == param.shape:
            continue    # the usual case, in one test: it runs for every parameter at every step
        if not isinstance(param, np.ndarray):
            raise TypeError(_("update_array", key=key, kind=type(param).__name__))
        if np.shape(grad) != param.shape:
            raise ValueError(_("update_shape", key=key, shape=param.shape, got=np.shape(grad)))
        if not isinstance(grad, np.ndarray):
            raise TypeError(_("update_grad", key=key, kind=type(grad).__name__))


# chapter 3: numerical gradients

def function(fn: str, f) -> None:
    if not callable(f):
        raise TypeError(_("callable", fn=fn, kind=type(f).__name__))


def scalar(fn: str, value) -> float:
    """The value returned by f as a Python float; f must return a single number."""
    if isinstance(value, (float, np.floating)):  # the usual case, kept cheap
        return float(value)
    if np.size(value) != 1:
        raise ValueError(_("f_scalar", fn=fn, shape=np.shape(value)))
    return float(np.asarray(value).reshape(()))


def gradient_point(f, x, h) -> None:
    function("numerical_gradient", f)
    if not isinstance(x, np.ndarray):
        raise TypeError(_("gradient_array", kind=type(x).__name__))
    if x.dtype != np.float64:
        raise TypeError(_("gradient_dtype", dtype=x.dtype))
    if not x.flags.writeable:
        raise ValueError(_("writeable"))
    positive_number("numerical_gradient", "h", h)


def descent_args(f, init_x, lr, step_num) -> np.ndarray:
    """The start of gradient descent as a float64 copy."""
    function("gradient_descent", f)
    positive_number("gradient_descent", "lr", lr)
    if not _is_int(step_num) or step_num < 0:
        raise ValueError(_("nonnegative_int", fn="gradient_descent", name="step_num", value=step_num))
    x = np.array(init_x, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError(_("start_point", x=x.tolist()))
    return x


# chapter 3: training

def train_data(network, x, t, name: str) -> tuple[np.ndarray, np.ndarray]:
    """x as an array (N, features) of the network's dtype, finite, and t with one label per sample."""
    x = np.asarray(x, dtype=getattr(network, "dtype", None))
    t = np.asarray(t)
    if x.ndim != 2 or len(x) == 0:
        raise ValueError(_("train_x", name=name, shape=x.shape))
    if "W1" in network.params and x.shape[1] != network.params["W1"].shape[0]:
        raise ValueError(_("train_width", name=name, n=network.params["W1"].shape[0], got=x.shape[1]))
    if len(t) != len(x):
        raise ValueError(_("train_t", name=name, n=len(x), got=len(t)))
    if not np.isfinite(x).all():  # once here, so that a NaN loss later always means divergence
        raise ValueError(_("finite", fn="train", what=f"x_{name}"))
    return x, t


def train_options(n: int, epochs, batch_size, max_steps, patience, has_test: bool) -> None:
    if not _is_int(batch_size) or not 1 <= batch_size <= n:
        raise ValueError(_("batch_size", n=n, value=batch_size))
    positive_int("train", "epochs", epochs)
    if max_steps is not None and (not _is_int(max_steps) or max_steps < 1):
        raise ValueError(_("max_steps", value=max_steps))
    if patience is not None:
        if not _is_int(patience) or patience < 1:
            raise ValueError(_("patience", value=patience))
        if not has_test:
            raise ValueError(_("patience_test"))
