"""nnlib speaks the reader's language: every message in English and in Russian, with the same fields."""
from __future__ import annotations

import importlib
import pkgutil
import re

import numpy as np
import pytest

import nnlib
from nnlib import i18n, set_language
from nnlib.layers import SoftmaxWithLoss
from nnlib.networks import TwoLayerNet
from nnlib.training import TrainingDiverged, train

# Import every module, so that every catalogue is registered.
for module in pkgutil.walk_packages(nnlib.__path__, "nnlib."):
    if ".plotting" not in module.name:
        importlib.import_module(module.name)

MESSAGES = [(catalogue.module, key, texts) for catalogue in i18n.CATALOGUES for key, texts in catalogue.table.items()]
# What a Russian message may hold in Latin letters: identifiers, code, shapes, units of numpy.
CODE = re.compile(r"\{[^}]*\}|`[^`]*`|[A-Za-z_][A-Za-z0-9_.]*(\([^)]*\))?(\[[^\]]*\])?")


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_language("en")


def test_every_module_with_messages_has_a_catalogue():
    assert {c.module for c in i18n.CATALOGUES} >= {"guards", "training", "gradient"}
    assert len(MESSAGES) > 60


@pytest.mark.parametrize("module, key, texts", MESSAGES, ids=[f"{m}.{k}" for m, k, _ in MESSAGES])
def test_message_exists_in_both_languages_with_the_same_fields(module, key, texts):
    assert set(texts) == set(i18n.LANGUAGES)
    assert i18n.fields(texts["ru"]) == i18n.fields(texts["en"])
    assert texts["ru"] != texts["en"]


@pytest.mark.parametrize("module, key, texts", MESSAGES, ids=[f"{m}.{k}" for m, k, _ in MESSAGES])
def test_russian_message_is_russian_not_transliteration(module, key, texts):
    words = CODE.sub(" ", texts["ru"])
    cyrillic = len(re.findall(r"[а-яё]", words, re.I))
    latin = len(re.findall(r"[a-z]", words, re.I))
    assert cyrillic >= 5, texts["ru"]
    # Outside identifiers and code there are no Latin words (no "loss", "batch", "shape").
    assert latin == 0 or key == "one_sample_t" or key == "one_hot" or key == "targets", (latin, texts["ru"])


def test_english_is_the_default_and_russian_is_chosen_by_one_call():
    layer = SoftmaxWithLoss()
    with pytest.raises(ValueError, match="expects at least one sample"):
        layer.forward(np.zeros((0, 3)), np.zeros(0, dtype=int))
    set_language("ru")
    with pytest.raises(ValueError, match="ожидает хотя бы один пример"):
        layer.forward(np.zeros((0, 3)), np.zeros(0, dtype=int))


def test_set_language_rejects_other_languages():
    with pytest.raises(ValueError, match="'en', 'ru'.*'de'"):
        set_language("de")
    assert i18n.get_language() == "en"


def test_training_log_and_divergence_in_russian(capsys):
    rng = np.random.default_rng(0)
    x, t = rng.random((60, 4)), rng.integers(0, 3, 60)
    set_language("ru")
    train(TwoLayerNet(4, 5, 3, seed=0), x, t, x, t, epochs=1, batch_size=20, verbose=True)
    line = capsys.readouterr().out
    assert line.startswith("эпоха 1/1  потери ") and "точность на обучении" in line and "на тесте" in line
    with pytest.raises(TrainingDiverged, match="похоже, данные не нормированы"):
        train(TwoLayerNet(4, 5, 3, weight_init_std=1.0, seed=0), x * 255, t, epochs=3, batch_size=20)
