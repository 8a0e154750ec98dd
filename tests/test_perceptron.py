"""Logic gates and the perceptron learning rule against hand-written truth tables and the lecture."""
import numpy as np
import pytest

from nnlib.perceptron import (AND, GATES, INPUTS, NAND, OR, TARGETS, XOR, Perceptron, perceptron,
                              truth_table)

# Written out by hand, independent of the library: (x1, x2) -> y.
HAND_TABLES = {
    "AND": {(0, 0): 0, (1, 0): 0, (0, 1): 0, (1, 1): 1},
    "OR": {(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 1},
    "NAND": {(0, 0): 1, (1, 0): 1, (0, 1): 1, (1, 1): 0},
    "XOR": {(0, 0): 0, (1, 0): 1, (0, 1): 1, (1, 1): 0},
}
GATE_FUNCTIONS = {"AND": AND, "OR": OR, "NAND": NAND, "XOR": XOR}

# The lecture's hand-chosen parameters (w1, w2, θ) for each gate.
LECTURE_PARAMETERS = [
    ("AND", 0.5, 0.5, 0.7),
    ("AND", 0.5, 0.5, 0.8),
    ("AND", 1.0, 1.0, 1.0),
    ("NAND", -0.5, -0.5, -0.7),
    ("OR", 0.5, 0.5, 0.4),
]


def test_inputs_are_the_four_points_in_the_lecture_order():
    assert INPUTS.tolist() == [[0, 0], [1, 0], [0, 1], [1, 1]]


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "XOR"])
def test_targets_match_hand_written_tables(name):
    expected = [HAND_TABLES[name][(x1, x2)] for x1, x2 in INPUTS.tolist()]
    assert TARGETS[name].shape == (4,)
    assert TARGETS[name].tolist() == expected


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "XOR"])
def test_gate_functions_reproduce_hand_written_tables(name):
    gate = GATE_FUNCTIONS[name]
    for (x1, x2), y in HAND_TABLES[name].items():
        out = gate(x1, x2)
        assert type(out) is int
        assert out == y


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "XOR"])
def test_truth_table_rows(name):
    rows = truth_table(GATE_FUNCTIONS[name])
    assert rows == [(x1, x2, HAND_TABLES[name][(x1, x2)]) for x1, x2 in INPUTS.tolist()]
    assert all(type(v) is int for row in rows for v in row)


def test_truth_table_accepts_any_callable():
    assert truth_table(lambda a, b: a) == [(0, 0, 0), (1, 0, 1), (0, 1, 0), (1, 1, 1)]


def test_xor_is_and_of_nand_and_or():
    # The lecture's table x1, x2, s1, s2, y.
    table = [(0, 0, 1, 0, 0), (1, 0, 1, 1, 1), (0, 1, 1, 1, 1), (1, 1, 0, 1, 0)]
    for x1, x2, s1, s2, y in table:
        assert NAND(x1, x2) == s1 and OR(x1, x2) == s2 and AND(s1, s2) == y and XOR(x1, x2) == y


def test_gates_hold_the_lecture_parameters():
    assert GATES["AND"][0].tolist() == [0.5, 0.5] and GATES["AND"][1] == -0.7
    assert GATES["OR"][0].tolist() == [0.5, 0.5] and GATES["OR"][1] == -0.2
    assert GATES["NAND"][0].tolist() == [-0.5, -0.5] and GATES["NAND"][1] == 0.7


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
def test_gates_parameters_give_the_truth_tables(name):
    w, b = GATES[name]
    assert perceptron(INPUTS, w, b).tolist() == TARGETS[name].tolist()


@pytest.mark.parametrize("name, w1, w2, theta", LECTURE_PARAMETERS)
def test_lecture_parameter_sets_with_bias_minus_theta(name, w1, w2, theta):
    y = perceptron(INPUTS, np.array([w1, w2]), -theta)
    assert y.tolist() == [HAND_TABLES[name][(x1, x2)] for x1, x2 in INPUTS.tolist()]


def test_bias_sets_how_easily_the_neuron_fires():
    # b = -0.1: a weighted sum just above 0.1 fires; b = -20.0 needs a very strong signal.
    w = np.array([1.0, 1.0])
    assert perceptron(np.array([0.06, 0.06]), w, -0.1) == 1
    assert perceptron(np.array([1.0, 1.0]), w, -20.0) == 0
    assert perceptron(np.array([10.0, 10.5]), w, -20.0) == 1


def test_perceptron_threshold_is_strict():
    # y = 1 only if w·x + b > 0; exactly 0 gives 0.
    assert perceptron(np.array([1, 1]), np.array([0.5, 0.5]), -1.0) == 0


def test_perceptron_shapes_and_types():
    w, b = GATES["AND"]
    one = perceptron(np.array([1, 1]), w, b)
    assert type(one) is int and one == 1
    batch = perceptron(INPUTS, w, b)
    assert batch.shape == (4,) and np.issubdtype(batch.dtype, np.integer)
    three = perceptron(np.ones((5, 3)), np.array([1.0, -1.0, 0.5]), 0.0)
    assert three.tolist() == [1] * 5


@pytest.mark.parametrize("x, w, match", [
    (np.array([1, 1, 1]), np.array([0.5, 0.5]), r"x of shape \(2,\) or \(N, 2\).*got shape \(3,\)"),
    (np.ones((4, 3)), np.array([0.5, 0.5]), r"got shape \(4, 3\)"),
    (np.ones((2, 2, 2)), np.array([0.5, 0.5]), r"got shape \(2, 2, 2\)"),
    (np.array([1, 1]), np.ones((2, 1)), r"weights w of shape \(n,\)"),
])
def test_perceptron_rejects_mismatched_shapes(x, w, match):
    with pytest.raises(ValueError, match=match):
        perceptron(x, w, 0.0)


def test_perceptron_rejects_nan():
    with pytest.raises(ValueError, match="finite"):
        perceptron(np.array([np.nan, 1.0]), np.array([0.5, 0.5]), 0.0)


@pytest.mark.parametrize("gate", [AND, OR, NAND, XOR])
def test_gates_accept_bools_and_numpy_integers(gate):
    name = gate.__name__
    assert gate(True, True) == HAND_TABLES[name][(1, 1)]
    assert gate(np.int64(1), np.int64(0)) == HAND_TABLES[name][(1, 0)]
    assert gate(np.bool_(False), np.bool_(True)) == HAND_TABLES[name][(0, 1)]


@pytest.mark.parametrize("gate", [AND, OR, NAND, XOR])
@pytest.mark.parametrize("x1, x2, bad_name", [
    (2, 0, "x1"), (0, -1, "x2"), (0.5, 1, "x1"), ("1", 0, "x1"), (1, None, "x2"),
    (np.array([0, 1]), 0, "x1"), (1, np.nan, "x2"),
])
def test_gates_reject_non_bits_naming_the_argument(gate, x1, x2, bad_name):
    with pytest.raises(ValueError, match=rf"expects {bad_name} to be 0 or 1"):
        gate(x1, x2)


@pytest.mark.parametrize("name", ["AND", "OR", "NAND"])
@pytest.mark.parametrize("seed", [None, 0, 1, 2])
def test_learning_rule_converges_on_linearly_separable_gates(name, seed):
    p = Perceptron(lr=0.1, seed=seed).fit(INPUTS, TARGETS[name], max_epochs=100)
    assert p.converged
    assert p.errors[-1] == 0 and all(e > 0 for e in p.errors[:-1])
    assert p.epochs == len(p.errors) < 100
    assert len(p.history) == p.epochs + 1
    # The learned parameters reproduce the hand-written table, through both routes.
    expected = [HAND_TABLES[name][(x1, x2)] for x1, x2 in INPUTS.tolist()]
    assert p.predict(INPUTS).tolist() == expected
    assert perceptron(INPUTS, p.w, p.b).tolist() == expected
    assert type(p.b) is float and p.w.shape == (2,) and p.w.dtype == np.float64
    assert all(type(b) is float for _, b in p.history) and all(type(e) is int for e in p.errors)


def test_learning_rule_from_zero_follows_the_update_by_hand():
    # AND from w = 0, b = 0, lr = 0.1; first epoch by hand:
    # (0,0): y=0 ok; (1,0): w·x+b = 0 -> y=0 ok; (0,1): ok; (1,1): y=0, t=1 -> w=(0.1, 0.1), b=0.1.
    p = Perceptron(lr=0.1).fit(INPUTS, TARGETS["AND"], max_epochs=1)
    assert p.errors == [1]
    assert np.allclose(p.w, [0.1, 0.1]) and np.isclose(p.b, 0.1)
    w0, b0 = p.history[0]
    assert w0.tolist() == [0.0, 0.0] and b0 == 0.0
    assert not p.converged and p.epochs == 1


def test_history_holds_copies():
    p = Perceptron().fit(INPUTS, TARGETS["OR"])
    ws = [w for w, _ in p.history]
    assert ws[0].tolist() == [0.0, 0.0]
    assert np.array_equal(ws[-1], p.w) and ws[-1] is not p.w
    assert p.history[-1][1] == p.b


@pytest.mark.parametrize("seed", [None, 0, 1])
def test_learning_rule_does_not_converge_on_xor(seed):
    p = Perceptron(seed=seed).fit(INPUTS, TARGETS["XOR"], max_epochs=50)
    assert not p.converged
    assert p.epochs == 50 and len(p.errors) == 50 and len(p.history) == 51
    assert min(p.errors) > 0
    assert p.predict(INPUTS).tolist() != TARGETS["XOR"].tolist()


def test_seeded_start_is_small_random_and_reproducible():
    a, b = Perceptron(seed=3), Perceptron(seed=3)
    assert np.array_equal(a.w, b.w) and np.all(a.w != 0) and np.all(np.abs(a.w) < 0.1)
    assert Perceptron().w.tolist() == [0.0, 0.0]


def test_fit_learns_a_three_input_gate():
    X = np.array([[a, b, c] for a in (0, 1) for b in (0, 1) for c in (0, 1)])
    t = (X.sum(axis=1) >= 2).astype(int)  # majority vote, linearly separable
    p = Perceptron(n_inputs=3).fit(X, t, max_epochs=200)
    assert p.converged and p.predict(X).tolist() == t.tolist()


@pytest.mark.parametrize("kwargs, match", [
    ({"lr": 0}, "lr to be a positive finite number"),
    ({"lr": -0.1}, "lr to be a positive finite number"),
    ({"lr": float("nan")}, "lr to be a positive finite number"),
    ({"n_inputs": 0}, "n_inputs to be a positive integer"),
    ({"n_inputs": 2.0}, "n_inputs to be a positive integer"),
])
def test_constructor_validation(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Perceptron(**kwargs)


@pytest.mark.parametrize("X, t, max_epochs, match", [
    (np.ones((4, 3)), np.zeros(4), 10, r"X of shape \(N, 2\)"),
    (INPUTS, np.zeros(3), 10, r"targets t of shape \(4,\)"),
    (INPUTS, np.array([0, 1, 2, 1]), 10, "0s and 1s"),
    (INPUTS, TARGETS["AND"], 0, "max_epochs to be a positive integer"),
    (np.array([[0, 0], [1, np.nan]]), np.array([0, 1]), 10, "finite"),
])
def test_fit_validation(X, t, max_epochs, match):
    with pytest.raises(ValueError, match=match):
        Perceptron().fit(X, t, max_epochs=max_epochs)


def test_fit_continues_from_weights_set_by_hand():
    p = Perceptron()
    p.w, p.b = [0.5, 0.5], np.float64(-0.7)  # the lecture's AND: already correct
    p.fit(INPUTS, TARGETS["AND"])
    assert p.converged and p.epochs == 1 and p.errors == [0]
    assert p.w.tolist() == [0.5, 0.5] and type(p.b) is float and p.b == -0.7
    p.w = np.array([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"w of shape \(2,\)"):
        p.fit(INPUTS, TARGETS["AND"])
