"""The training loop: reproducibility, learning on a separable problem, divergence, History bookkeeping."""
import os
import warnings

import numpy as np
import pytest

from nnlib.networks import MultiLayerNet, TwoLayerNet
from nnlib.optim import SGD
from nnlib.training import History, TrainingDiverged, train


def blobs(n=300, seed=0):
    """Three well-separated Gaussian clusters in the plane, labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    t = rng.integers(0, 3, size=n)
    x = centres[t] + 0.5 * rng.standard_normal((n, 2))
    return x.astype(np.float32), t


def test_loss_decreases_and_separable_problem_is_learned():
    x, t = blobs()
    x_test, t_test = blobs(seed=1)
    net = TwoLayerNet(2, 10, 3, weight_init_std=0.5, seed=0)
    hist = train(net, x, t, x_test, t_test, epochs=20, batch_size=30, optimizer=SGD(lr=0.1), seed=0)
    first, last = np.mean(hist.loss[:10]), np.mean(hist.loss[-10:])
    assert last < 0.2 * first
    assert hist.train_acc[-1] > 0.98 and hist.test_acc[-1] > 0.98
    assert hist.train_acc[-1] == net.accuracy(x, t)


def test_same_seed_gives_identical_history_and_weights():
    x, t = blobs()

    def run(seed):
        net = TwoLayerNet(2, 8, 3, weight_init_std=0.5, seed=7)
        return net, train(net, x, t, x, t, epochs=3, batch_size=16, seed=seed)

    (net1, h1), (net2, h2), (_, h3) = run(0), run(0), run(1)
    assert h1.loss == h2.loss and h1.train_acc == h2.train_acc and h1.test_acc == h2.test_acc
    for key in net1.params:
        np.testing.assert_array_equal(net1.params[key], net2.params[key])
    assert h1.loss != h3.loss  # another seed, another order of the batches


def test_history_lengths_and_types():
    x, t = blobs(n=250)
    hist = train(TwoLayerNet(2, 4, 3, seed=0), x, t, x[:50], t[:50], epochs=4, batch_size=100)
    assert isinstance(hist, History)
    assert hist.steps_per_epoch == 3  # ceil(250 / 100): the last batch has 50 samples
    assert len(hist.loss) == 12
    assert len(hist.train_acc) == len(hist.test_acc) == len(hist.epoch_times) == 4
    assert all(isinstance(v, float) for v in hist.loss + hist.train_acc + hist.test_acc)
    assert all(s >= 0 for s in hist.epoch_times)


def test_without_test_data_test_acc_stays_empty():
    x, t = blobs(n=50)
    hist = train(TwoLayerNet(2, 4, 3, seed=0), x, t, epochs=2, batch_size=10)
    assert hist.test_acc == [] and len(hist.train_acc) == 2


def test_sgd_full_batch_and_max_steps():
    x, t = blobs(n=40)
    sgd = train(TwoLayerNet(2, 4, 3, seed=0), x, t, epochs=2, batch_size=1)
    assert sgd.steps_per_epoch == 40 and len(sgd.loss) == 80
    full = train(TwoLayerNet(2, 4, 3, seed=0), x, t, epochs=5, batch_size=40)
    assert full.steps_per_epoch == 1 and len(full.loss) == 5
    capped = train(TwoLayerNet(2, 4, 3, seed=0), x, t, epochs=10, batch_size=15, max_steps=5)
    # 3 steps per epoch: epoch 1 full, epoch 2 stops after 2 steps; both epochs are evaluated.
    assert len(capped.loss) == 5 and len(capped.train_acc) == 2 and len(capped.epoch_times) == 2


def test_full_batch_training_is_plain_gradient_descent():
    # With the whole data set as the batch, train() must do exactly W ← W − η·∇L(W) each epoch.
    x, t = blobs(n=60)
    x = x.astype(np.float64)
    net = TwoLayerNet(2, 6, 3, weight_init_std=0.5, seed=2, dtype=np.float64)
    ref = TwoLayerNet(2, 6, 3, weight_init_std=0.5, seed=2, dtype=np.float64)
    hist = train(net, x, t, epochs=4, batch_size=60, optimizer=SGD(lr=0.5))
    losses = []
    for _ in range(4):
        grads = ref.gradient(x, t)
        losses.append(ref.last_loss)
        for key in ref.params:
            ref.params[key] -= 0.5 * grads[key]
    np.testing.assert_allclose(hist.loss, losses, rtol=1e-12)
    for key in net.params:
        np.testing.assert_allclose(net.params[key], ref.params[key], rtol=1e-10, atol=1e-12)


def test_one_hot_labels_train_the_same_as_integer_labels():
    x, t = blobs(n=80)
    h_int = train(TwoLayerNet(2, 5, 3, seed=0, dtype=np.float64), x, t, epochs=2, batch_size=20)
    h_hot = train(TwoLayerNet(2, 5, 3, seed=0, dtype=np.float64), x, np.eye(3)[t], epochs=2, batch_size=20)
    np.testing.assert_allclose(h_int.loss, h_hot.loss, rtol=1e-12)
    assert h_int.train_acc == h_hot.train_acc


def test_deeper_network_trains_too():
    x, t = blobs()
    net = MultiLayerNet(2, [16, 16], 3, seed=0)
    hist = train(net, x, t, epochs=10, batch_size=20, optimizer=SGD(lr=0.05))
    assert hist.train_acc[-1] > 0.98


def test_huge_learning_rate_raises_training_diverged():
    x, t = blobs()
    net = TwoLayerNet(2, 10, 3, weight_init_std=1.0, seed=0)
    with pytest.raises(TrainingDiverged, match="learning rate 1e.30 is probably too large") as info, \
            warnings.catch_warnings():
        warnings.simplefilter("error")  # the overflow on the way is reported once, by the exception
        train(net, x, t, epochs=5, batch_size=30, optimizer=SGD(lr=1e30))
    message = str(info.value)
    assert "epoch 1" in message and "1e+30" in message and "lr=1e+29" in message
    assert isinstance(info.value, RuntimeError)


def test_finite_but_growing_loss_is_reported_as_divergence():
    # A stable softmax keeps the loss finite however large the steps: the run must still be stopped
    # once an epoch is on average worse than both its start and uniform guessing (log 3 here).
    x, t = blobs()
    net = TwoLayerNet(2, 10, 3, seed=0)
    with pytest.raises(TrainingDiverged, match="probably too large") as info:
        train(net, x, t, epochs=3, batch_size=30, optimizer=SGD(lr=30.0))
    message = str(info.value)
    assert "in epoch 1" in message and "lr=3" in message
    mean_loss = float(message.split("mean loss ")[1].split()[0])
    assert mean_loss > np.log(3)


def test_continuing_to_train_a_good_network_is_not_divergence():
    # The first step of a trained network has a tiny loss; noise above it is not divergence.
    x, t = blobs()
    net = TwoLayerNet(2, 16, 3, seed=0)
    first = train(net, x, t, epochs=10, batch_size=20, optimizer=SGD(lr=0.5))
    again = train(net, x, t, epochs=5, batch_size=1, optimizer=SGD(lr=0.5), seed=1)
    assert again.loss[0] < np.log(3) and max(again.loss) > again.loss[0]
    assert again.train_acc[-1] >= first.train_acc[-1] - 0.02


def test_verbose_prints_one_deterministic_line_per_epoch(capsys):
    x, t = blobs(n=100)
    x_test, t_test = blobs(n=50, seed=3)

    def run():
        train(TwoLayerNet(2, 5, 3, weight_init_std=0.5, seed=0), x, t, x_test, t_test, epochs=12,
              batch_size=25, verbose=True)
        return capsys.readouterr().out.splitlines()

    lines = run()
    assert len(lines) == 12 and lines == run()
    assert lines[2].startswith("epoch  3/12  loss ")
    parts = lines[-1].split()
    assert parts[0:2] == ["epoch", "12/12"] and parts[2] == "loss" and parts[4:6] == ["train", "acc"]
    assert parts[7:9] == ["test", "acc"] and len(parts[9]) == 6  # 4 decimals


def test_bad_arguments_are_rejected():
    x, t = blobs(n=20)
    net = TwoLayerNet(2, 4, 3, seed=0)
    with pytest.raises(ValueError, match="batch_size from 1 to len"):
        train(net, x, t, batch_size=0)
    with pytest.raises(ValueError, match="batch_size from 1 to len"):
        train(net, x, t, batch_size=21)
    with pytest.raises(ValueError, match="one label per sample"):
        train(net, x, t[:10])
    with pytest.raises(ValueError, match="epochs"):
        train(net, x, t, epochs=0, batch_size=10)
    with pytest.raises(ValueError, match=r"labels in 0\.\.2"):
        train(net, x, np.full(20, 5), batch_size=10)
    x_nan = x.copy()
    x_nan[3, 1] = np.nan
    with pytest.raises(ValueError, match="finite x_train"):
        train(net, x_nan, t, batch_size=10)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("NNLIB_MNIST_SOURCE"), reason="NNLIB_MNIST_SOURCE is not set")
def test_mnist_two_layer_net_passes_95_percent():
    from nnlib.datasets import load_mnist
    (x_train, t_train), (x_test, t_test) = load_mnist()
    net = TwoLayerNet(784, 100, 10, seed=0)
    hist = train(net, x_train, t_train, x_test, t_test, epochs=5, batch_size=100, seed=0)
    assert hist.test_acc[-1] > 0.95
    assert hist.loss[-1] < hist.loss[0] / 5


def test_early_stopping_restores_the_best_epoch_and_stops_after_patience():
    rng = np.random.default_rng(0)
    # Few noisy training samples and a large network: the test accuracy peaks, then falls or stalls.
    x, t = rng.standard_normal((40, 10)), rng.integers(0, 2, 40)
    x_test, t_test = rng.standard_normal((200, 10)), rng.integers(0, 2, 200)
    full = train(TwoLayerNet(10, 50, 2, weight_init_std=0.5, seed=1), x, t, x_test, t_test, epochs=60,
                 batch_size=10, optimizer=SGD(lr=0.2))
    net = TwoLayerNet(10, 50, 2, weight_init_std=0.5, seed=1)
    early = train(net, x, t, x_test, t_test, epochs=60, batch_size=10, optimizer=SGD(lr=0.2), patience=3)
    best = early.best_epoch
    assert early.stopped_early and len(early.test_acc) == best + 3
    assert early.test_acc == full.test_acc[:best + 3]     # the same run, cut short
    assert net.accuracy(x_test, t_test) == pytest.approx(max(early.test_acc))   # the best parameters are back
    assert History().best_epoch is None
