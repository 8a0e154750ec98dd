"""The book's figures. Every function takes its labels from the caller, so that the Russian
and English notebooks draw the same figure with their own words.

- ``nnlib.plotting.regions``   decision regions of a 2-input perceptron, labelled points (ch. 1)
- ``nnlib.plotting.gates``     the XOR network of logic gates (ch. 1)
- ``nnlib.plotting.diagrams``  layered network diagrams (ch. 2)
- ``nnlib.plotting.curves``    function plots, loss and accuracy curves, bar charts (ch. 2, 3)
- ``nnlib.plotting.digits``    grids of MNIST digits (ch. 2, 3)
- ``nnlib.plotting.descent``   contour plots with gradient-descent paths (ch. 3)
- ``nnlib.plotting.graphs``    computational graphs, forward and backward (ch. 3)
"""
from .diagrams import *
from .descent import *
from .curves import *
from .digits import *
from .regions import *
from .gates import *
from .graphs import *
