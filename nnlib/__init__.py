"""nnlib: a small, readable numpy library for the course «Введение в машинное обучение».

One idea per module:

- ``nnlib.perceptron``  logic gates and the perceptron learning rule (chapter 1)
- ``nnlib.functions``   activation and loss functions (chapters 2, 3)
- ``nnlib.gradient``    numerical derivatives and gradient descent (chapter 3)
- ``nnlib.layers``      layers with forward and backward passes (chapter 3)
- ``nnlib.networks``    forward passes and the two-layer network (chapters 2, 3)
- ``nnlib.optim``       stochastic gradient descent
- ``nnlib.training``    the mini-batch training loop
- ``nnlib.datasets``    the MNIST loader
- ``nnlib.plotting``    the book's figures (imports matplotlib)
- ``nnlib.listing``     the source of a function or class as the book prints it
- ``nnlib.guards``      the input checks of the public functions, with their messages
- ``nnlib.i18n``        the language of nnlib's messages: ``set_language("ru")``
"""
from .i18n import set_language

__version__ = "0.1.0"
