"""STEP 3 — training (학습): minibatches, update rules, regularization, dropout.

Shapes follow the kit's glossary: N samples, D input features, M units of a
layer. ``params`` is STEP 4's list of (W, b) pairs, W of shape (M_l, M_{l-1}).

Update rules are pure functions ``(w, dw, config) -> (next_w, config)``: ``config``
is a dict of plain data (numbers and arrays) holding the hyperparameters and the
rule's state (momentum's velocity, AdaGrad's sum of squared gradients). The rule
returns a new dict and leaves its arguments unchanged; pass the returned config
to the next call for the same parameter array.

Randomness (minibatch order, dropout masks, initialization) comes from a ``seed``
argument, so every call is reproducible and a new mask at every update is a new
seed per call. Data preparation (normalization, augmentation) is in step3_data.
"""

import numbers

import numpy as np

from .step2_feedforward import affine_backward, affine_forward, softmax_cross_entropy
from .step4_backprop import ACTIVATIONS, check_params, network_forward
from .validation import (
    as_float_array,
    check_choice,
    check_positive_int,
    check_positive_number,
    check_same_shape,
)

UPDATE_RULES = ("sgd", "momentum", "adagrad")
SCHEDULES = ("constant", "step", "exponential", "inverse_time")
INIT_METHODS = ("gaussian", "xavier", "he")
# AdaGrad's constant against division by zero for a component never yet moved.
ADAGRAD_EPS = 1e-8


def check_seed(name, seed):
    """Return ``seed`` as an int after checking that it is an integer >= 0."""
    return check_positive_int(name, seed, allow_zero=True)


def check_keep_probability(name, p):
    """Return ``p`` as a float after checking that 0 < p <= 1."""
    if isinstance(p, bool) or not isinstance(p, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(p).__name__}")
    p = float(p)
    if not 0.0 < p <= 1.0:
        raise ValueError(f"{name}={p} must be a probability in (0, 1]")
    return p


# ---------------------------------------------------------------------------
# Minibatches (미니배치)
# ---------------------------------------------------------------------------


def minibatch_indices(N, batch_size, *, epoch=0, seed=0):
    """Sample indices of every minibatch of one epoch, in a fresh random order.

    The N indices are shuffled by a generator seeded from (seed, epoch), then cut
    into consecutive batches of ``batch_size``; the last batch holds the remaining
    N mod batch_size samples when that is not 0. Each sample is in exactly one
    batch per epoch, and another epoch gives another order.

    Parameters
    ----------
    N : int > 0, number of training samples
    batch_size : int > 0
    epoch : int >= 0
    seed : int >= 0

    Returns
    -------
    batches : list of ceil(N / batch_size) int64 ndarrays of shape (batch_size,),
        the last possibly shorter
    """
    N = check_positive_int("N", N)
    batch_size = check_positive_int("batch_size", batch_size)
    epoch = check_seed("epoch", epoch)
    seed = check_seed("seed", seed)
    # >>> student: step3.minibatch
    order = np.random.default_rng([seed, epoch]).permutation(N)
    batches = [order[i : i + batch_size] for i in range(0, N, batch_size)]
    return batches
    # <<< student


def iterate_minibatches(X, y, batch_size, *, epoch=0, seed=0):
    """Convenience generator of (X[idx], y[idx]) over ``minibatch_indices``.

    Not graded (a generator cannot cross the grader's process boundary).
    """
    for idx in minibatch_indices(len(X), batch_size, epoch=epoch, seed=seed):
        yield X[idx], y[idx]


# ---------------------------------------------------------------------------
# Update rules (가중치 업데이트 규칙)
# ---------------------------------------------------------------------------


def _prepare_update(w, dw, config, defaults):
    """Checked float arrays w, dw and a new config dict with defaults filled in."""
    w = as_float_array("w", w)
    dw = as_float_array("dw", dw)
    check_same_shape("w", w, "dw", dw)
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise TypeError(f"config must be a dict, got {type(config).__name__}")
    config = {**defaults, **config}
    if "learning_rate" not in config:
        raise ValueError("config must hold a learning_rate")
    config["learning_rate"] = check_positive_number(
        "learning_rate", config["learning_rate"]
    )
    return w, dw, config


def _state(config, key, w):
    """The state array ``config[key]`` (zeros like w when absent), shape-checked."""
    if config.get(key) is None:
        return np.zeros_like(w)
    state = as_float_array(key, config[key])
    check_same_shape(key, state, "w", w)
    return state


def sgd_update(w, dw, config):
    """Plain (stochastic) gradient descent: w ← w − ε ∇E.

    Parameters
    ----------
    w : ndarray of any shape, the parameters
    dw : ndarray, same shape as w, ∂E/∂w on the current minibatch
    config : dict with ``learning_rate`` ε > 0

    Returns
    -------
    next_w : ndarray, same shape as w
    config : dict, a copy of the given one
    """
    w, dw, config = _prepare_update(w, dw, config, {})
    # >>> student: step3.sgd
    next_w = w - config["learning_rate"] * dw
    return next_w, config
    # <<< student


def momentum_update(w, dw, config):
    """Gradient descent with momentum (모멘텀): v ← μ v − ε ∇E, then w ← w + v.

    Parameters
    ----------
    w : ndarray of any shape
    dw : ndarray, same shape as w
    config : dict with ``learning_rate`` ε > 0, ``momentum`` μ in [0, 1)
        (default 0.9) and ``velocity`` v, same shape as w (zeros when absent)

    Returns
    -------
    next_w : ndarray, same shape as w
    config : dict, a copy holding the new ``velocity``
    """
    w, dw, config = _prepare_update(w, dw, config, {"momentum": 0.9})
    mu = check_positive_number("momentum", config["momentum"], allow_zero=True)
    if mu >= 1.0:
        raise ValueError(f"momentum={mu} must be < 1")
    v = _state(config, "velocity", w)
    # >>> student: step3.momentum
    v = mu * v - config["learning_rate"] * dw
    next_w = w + v
    config["velocity"] = v
    return next_w, config
    # <<< student


def adagrad_update(w, dw, config):
    """AdaGrad: a step for each component scaled by its past gradients.

    h ← h + ∇E ⊙ ∇E, then w ← w − ε ∇E / (√h + eps): a component whose gradient
    has often been large takes small steps; a rarely moved one, large steps.

    Parameters
    ----------
    w : ndarray of any shape
    dw : ndarray, same shape as w
    config : dict with ``learning_rate`` ε > 0, ``eps`` > 0 (default 1e-8) and
        ``grad_squared_sum`` h, same shape as w (zeros when absent)

    Returns
    -------
    next_w : ndarray, same shape as w
    config : dict, a copy holding the new ``grad_squared_sum``
    """
    w, dw, config = _prepare_update(w, dw, config, {"eps": ADAGRAD_EPS})
    eps = check_positive_number("eps", config["eps"])
    h = _state(config, "grad_squared_sum", w)
    # >>> student: step3.adagrad
    h = h + dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(h) + eps)
    config["grad_squared_sum"] = h
    return next_w, config
    # <<< student


_UPDATES = {"sgd": sgd_update, "momentum": momentum_update, "adagrad": adagrad_update}


# ---------------------------------------------------------------------------
# Learning rates (학습률): schedules and per-layer rates
# ---------------------------------------------------------------------------


def scheduled_learning_rate(t, config):
    """The learning rate ε_t at epoch (or step) t of a schedule.

    ``config["schedule"]`` chooses it, from ε_0 = ``config["learning_rate"]``:

    - ``"constant"``: ε_t = ε_0
    - ``"step"`` (step decay): ε_t = ε_0 · drop^⌊t / step_size⌋
    - ``"exponential"``: ε_t = ε_0 · exp(−decay_rate · t)
    - ``"inverse_time"`` (1/t decay): ε_t = ε_0 / (1 + decay_rate · t)

    Parameters
    ----------
    t : int >= 0
    config : dict with ``learning_rate`` > 0, ``schedule`` (default "constant"),
        ``drop`` in (0, 1] and ``step_size`` int > 0 for "step", ``decay_rate``
        >= 0 for the continuous schedules

    Returns
    -------
    learning_rate : float
    """
    t = check_seed("t", t)
    if not isinstance(config, dict):
        raise TypeError(f"config must be a dict, got {type(config).__name__}")
    lr0 = check_positive_number("learning_rate", config.get("learning_rate"))
    schedule = check_choice("schedule", config.get("schedule", "constant"), SCHEDULES)
    if schedule == "step":
        drop = check_keep_probability("drop", config.get("drop"))
        step_size = check_positive_int("step_size", config.get("step_size"))
    if schedule in ("exponential", "inverse_time"):
        k = check_positive_number(
            "decay_rate", config.get("decay_rate"), allow_zero=True
        )
    # >>> student: step3.learning_rate
    if schedule == "step":
        return float(lr0 * drop ** (t // step_size))
    if schedule == "exponential":
        return float(lr0 * np.exp(-k * t))
    if schedule == "inverse_time":
        return float(lr0 / (1.0 + k * t))
    return float(lr0)
    # <<< student


def layer_learning_rates(learning_rate, num_layers, *, ratio=1.0):
    """One learning rate per layer, larger towards the input by ``ratio`` a layer.

    Layer l = 1, ..., L (1 nearest the input, L the output layer) gets
    ε_l = ε · ratio^(L − l): the output layer ε, each layer below it ``ratio``
    times the one above (the notes: small rates near the output, large near the
    input). ratio = 1 gives every layer ε.

    Parameters
    ----------
    learning_rate : float > 0
    num_layers : int > 0, L
    ratio : float > 0

    Returns
    -------
    rates : list of L floats, rates[l - 1] for layer l
    """
    learning_rate = check_positive_number("learning_rate", learning_rate)
    num_layers = check_positive_int("num_layers", num_layers)
    ratio = check_positive_number("ratio", ratio)
    # >>> student: step3.learning_rate
    rates = [
        learning_rate * ratio ** (num_layers - l) for l in range(1, num_layers + 1)
    ]
    return [float(rate) for rate in rates]
    # <<< student


# ---------------------------------------------------------------------------
# Regularization (규제화): weight decay and the max-norm constraint
# ---------------------------------------------------------------------------


def weight_decay_penalty(params, weight_decay, *, decay_biases=False):
    """Weight decay (가중치 감쇠): the term λ/2 Σ_l ‖W_l‖² and its gradient λ W_l.

    Add ``penalty`` to the error and each (dW, db) of ``grads`` to the network's
    gradient. Biases are exempt (their gradient is 0) unless ``decay_biases``.

    Parameters
    ----------
    params : list of (W, b), W of shape (M_l, M_{l-1}), b of shape (M_l,)
    weight_decay : float >= 0, λ
    decay_biases : bool

    Returns
    -------
    penalty : float
    grads : list of (dW, db), shaped like ``params``
    """
    if not isinstance(params, (list, tuple)) or len(params) == 0:
        raise ValueError("params must be a non-empty list of (W, b) pairs")
    params = check_params(np.zeros((1, np.shape(params[0][0])[-1])), params)
    lam = check_positive_number("weight_decay", weight_decay, allow_zero=True)
    # >>> student: step3.weight_decay
    penalty = 0.0
    grads = []
    for W, b in params:
        penalty += 0.5 * lam * np.sum(W * W)
        if decay_biases:
            penalty += 0.5 * lam * np.sum(b * b)
            grads.append((lam * W, lam * b))
        else:
            grads.append((lam * W, np.zeros_like(b)))
    return float(penalty), grads
    # <<< student


def max_norm_constraint(W, c):
    """Max-norm constraint (가중치 상한): Σ_i w_ji² <= c for every unit j.

    Row j of W holds unit j's incoming weights. A row whose squared norm exceeds
    c is multiplied by the constant √(c / Σ_i w_ji²) < 1, which puts it on the
    bound; the other rows stay as they are. Apply it after every update.

    Parameters
    ----------
    W : ndarray of shape (M, D)
    c : float > 0, the bound on each row's squared norm

    Returns
    -------
    W_constrained : ndarray of shape (M, D)
    """
    W = as_float_array("W", W, ndim=2)
    c = check_positive_number("c", c)
    # >>> student: step3.max_norm
    squared = np.sum(W * W, axis=1, keepdims=True)
    over = squared > c
    scale = np.sqrt(c / np.where(over, squared, 1.0))
    W_constrained = np.where(over, W * scale, W)
    return W_constrained
    # <<< student


# ---------------------------------------------------------------------------
# Dropout (드롭아웃) and DropConnect (드롭커넥트)
# ---------------------------------------------------------------------------


def dropout_forward(x, p, *, seed=0, train=True, inverted=False):
    """Dropout: keep each unit with probability p during training.

    Training: a mask m with m = 1 with probability p (independently for every
    element, from ``np.random.default_rng(seed)``) and out = x ⊙ m; unit
    outputs not kept are 0. Inference: every unit is used and its output is
    multiplied by p, out = p x, since each unit saw on average a fraction p of
    its inputs during training (the notes' variant).

    ``inverted=True`` is the other common variant: out = x ⊙ m / p in training
    and out = x at inference. Both have E[training output] = inference output.

    Parameters
    ----------
    x : ndarray of any shape, e.g. (N, M) outputs of a layer
    p : float in (0, 1], the fraction of units KEPT
    seed : int >= 0, the mask's seed (use a new one for every update)
    train : bool
    inverted : bool

    Returns
    -------
    out : ndarray, same shape as x
    cache : object for ``dropout_backward``
    """
    x = as_float_array("x", x)
    p = check_keep_probability("p", p)
    seed = check_seed("seed", seed)
    # >>> student: step3.dropout
    if train:
        mask = (np.random.default_rng(seed).random(x.shape) < p).astype(np.float64)
        scale = mask / p if inverted else mask
    else:
        scale = np.ones_like(x) if inverted else np.full_like(x, p)
    out = x * scale
    cache = scale
    return out, cache
    # <<< student


def dropout_backward(dout, cache):
    """Backward pass of dropout: the gradient passes where the unit was kept.

    dx = dout ⊙ m (÷ p when inverted) in training, dout ⊙ p (or dout) at
    inference: the same factor forward multiplied x by.

    Parameters
    ----------
    dout : ndarray, the shape of the forward output
    cache : from ``dropout_forward``

    Returns
    -------
    dx : ndarray, same shape as dout
    """
    dout = as_float_array("dout", dout)
    # >>> student: step3.dropout
    scale = cache
    dx = dout * scale
    return dx
    # <<< student


def dropconnect_forward(x, W, b, p, *, seed=0, train=True):
    """DropConnect: an affine layer whose weights, not units, are dropped.

    Training: a mask m of W's shape, m = 1 with probability p, from
    ``np.random.default_rng(seed)``, one mask for the whole batch, and
    u = x (m ⊙ W)ᵀ + b. Inference: u = x (p W)ᵀ + b, the mean of the training
    output. Biases are never dropped.

    Parameters
    ----------
    x : ndarray of shape (N, D)
    W : ndarray of shape (M, D)
    b : ndarray of shape (M,)
    p : float in (0, 1], the fraction of weights KEPT
    seed : int >= 0
    train : bool

    Returns
    -------
    u : ndarray of shape (N, M)
    cache : object for ``dropconnect_backward``
    """
    x = as_float_array("x", x, ndim=2)
    W = as_float_array("W", W, ndim=2)
    b = as_float_array("b", b, ndim=1)
    if W.shape[1] != x.shape[1] or b.shape != (W.shape[0],):
        raise ValueError(
            f"W must have shape (M, {x.shape[1]}) and b shape (M,), "
            f"got W {W.shape} and b {b.shape}"
        )
    p = check_keep_probability("p", p)
    seed = check_seed("seed", seed)
    # >>> student: step3.dropconnect
    if train:
        mask = (np.random.default_rng(seed).random(W.shape) < p).astype(np.float64)
    else:
        mask = np.full_like(W, p)
    u, affine_cache = affine_forward(x, mask * W, b)
    cache = (mask, affine_cache)
    return u, cache
    # <<< student


def dropconnect_backward(du, cache):
    """Backward pass of DropConnect: dW is masked like W was.

    Parameters
    ----------
    du : ndarray of shape (N, M)
    cache : from ``dropconnect_forward``

    Returns
    -------
    dx : ndarray of shape (N, D)
    dW : ndarray of shape (M, D)
    db : ndarray of shape (M,)
    """
    du = as_float_array("du", du, ndim=2)
    # >>> student: step3.dropconnect
    mask, affine_cache = cache
    dx, dW_masked, db = affine_backward(du, affine_cache)
    dW = mask * dW_masked
    return dx, dW, db
    # <<< student


# ---------------------------------------------------------------------------
# Initialization (가중치의 초기화)
# ---------------------------------------------------------------------------


def initialize_network(layer_sizes, *, method="gaussian", std=0.01, seed=0):
    """Random initial weights W ~ N(0, σ²) and zero biases, for every layer.

    ``method`` chooses σ for the layer from M_{l-1} = fan_in to M_l = fan_out:

    - ``"gaussian"`` (the notes' method): σ = ``std``, the same for every layer
    - ``"xavier"`` (Glorot normal): σ = √(2 / (fan_in + fan_out)), keeps the
      variance of activations and gradients about equal for tanh/sigmoid
    - ``"he"`` (He / Kaiming normal): σ = √(2 / fan_in), for ReLU layers

    Parameters
    ----------
    layer_sizes : sequence of int, [M_0, M_1, ..., M_L], at least two, all >= 1
    method : {"gaussian", "xavier", "he"}
    std : float > 0, σ of "gaussian" (ignored by the others)
    seed : int >= 0

    Returns
    -------
    params : list of L pairs (W, b), W of shape (M_l, M_{l-1}), b zeros (M_l,)
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes={sizes} needs at least two sizes")
    sizes = [check_positive_int("layer size", size) for size in sizes]
    method = check_choice("method", method, INIT_METHODS)
    std = check_positive_number("std", std)
    seed = check_seed("seed", seed)
    # >>> student: step3.init
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        if method == "xavier":
            sigma = np.sqrt(2.0 / (fan_in + fan_out))
        elif method == "he":
            sigma = np.sqrt(2.0 / fan_in)
        else:
            sigma = std
        params.append(
            (rng.normal(0.0, sigma, size=(fan_out, fan_in)), np.zeros(fan_out))
        )
    return params
    # <<< student


# ---------------------------------------------------------------------------
# The trainer: STEP 2–4 and the pieces above, put together
# ---------------------------------------------------------------------------


def _check_training_data(X, y, layer_sizes):
    X = as_float_array("X_train", X, ndim=2)
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y_train must have shape ({X.shape[0]},), got {y.shape}")
    if not np.issubdtype(y.dtype, np.integer):
        raise TypeError(f"y_train must hold integer labels, got dtype {y.dtype}")
    sizes = [check_positive_int("layer size", size) for size in layer_sizes]
    if len(sizes) < 2 or sizes[0] != X.shape[1]:
        raise ValueError(
            f"layer_sizes={sizes} must start with X_train.shape[1] = {X.shape[1]} "
            "and have at least two sizes"
        )
    if y.min() < 0 or y.max() >= sizes[-1]:
        raise ValueError(f"labels y_train must lie in [0, {sizes[-1]})")
    return X, y, sizes


def train_mlp(
    X_train,
    y_train,
    *,
    layer_sizes,
    activation="relu",
    update="momentum",
    learning_rate=0.1,
    momentum=0.9,
    epochs=20,
    batch_size=32,
    weight_decay=0.0,
    dropout=1.0,
    input_dropout=1.0,
    max_norm=None,
    init="he",
    init_std=0.01,
    schedule=None,
    layer_ratio=1.0,
    seed=0,
):
    """Train a classifier MLP with minibatch SGD and a softmax cross-entropy error.

    Each epoch visits the minibatches of ``minibatch_indices(N, batch_size,
    epoch=e, seed=seed)``. For each minibatch: forward pass through affine
    layers, the hidden activation and (inverted) dropout; softmax cross-entropy
    plus the weight-decay penalty; backward pass; one update of every W and b
    with its own config (the rule named by ``update``); then the max-norm
    constraint on every W when ``max_norm`` is set. Inverted dropout makes the
    inference network the plain one: ``predict_mlp`` needs no scaling.

    Parameters
    ----------
    X_train : ndarray of shape (N, D)
    y_train : ndarray of int, shape (N,), labels in [0, C)
    layer_sizes : list of int, [D, M_1, ..., C]
    activation : {"identity", "sigmoid", "tanh", "relu"}, of the hidden layers
    update : {"sgd", "momentum", "adagrad"}
    learning_rate : float > 0, ε (of the output layer when layer_ratio != 1)
    momentum : float in [0, 1), μ of "momentum"
    epochs, batch_size : int > 0
    weight_decay : float >= 0, λ (weights only, not biases)
    dropout : float in (0, 1], keep probability of hidden units (1: no dropout)
    input_dropout : float in (0, 1], keep probability of input components
    max_norm : float > 0 or None, bound c on each unit's squared weight norm
    init : {"gaussian", "xavier", "he"}, see ``initialize_network``
    init_std : float > 0, σ of init="gaussian"
    schedule : dict or None, a ``scheduled_learning_rate`` config without
        ``learning_rate`` (it is taken from the argument), applied per epoch
    layer_ratio : float > 0, see ``layer_learning_rates``
    seed : int >= 0, seeds the initialization, the order and the masks

    Returns
    -------
    result : dict with ``params`` (list of (W, b) pairs) and ``history``, a dict
        of per-epoch lists of floats: ``loss`` (mean minibatch error, penalty
        included), ``train_accuracy`` (on the epoch's minibatches, in training
        mode) and ``learning_rate``
    """
    X, y, sizes = _check_training_data(X_train, y_train, layer_sizes)
    check_choice("activation", activation, tuple(ACTIVATIONS))
    check_choice("update", update, UPDATE_RULES)
    learning_rate = check_positive_number("learning_rate", learning_rate)
    epochs = check_positive_int("epochs", epochs)
    batch_size = check_positive_int("batch_size", batch_size)
    weight_decay = check_positive_number("weight_decay", weight_decay, allow_zero=True)
    dropout = check_keep_probability("dropout", dropout)
    input_dropout = check_keep_probability("input_dropout", input_dropout)
    if max_norm is not None:
        max_norm = check_positive_number("max_norm", max_norm)
    seed = check_seed("seed", seed)
    schedule = {"schedule": "constant", **(schedule or {})}
    # Fail before training, not after the first epoch, on a bad schedule.
    scheduled_learning_rate(0, {**schedule, "learning_rate": learning_rate})
    # >>> student: step3.train_mlp
    act_forward, act_backward = ACTIVATIONS[activation]
    params = initialize_network(sizes, method=init, std=init_std, seed=seed)
    L = len(params)
    configs = [({"momentum": momentum}, {"momentum": momentum}) for _ in params]
    mask_seeds = np.random.default_rng([seed, 1]).integers(0, 2**31, size=(epochs, 2))
    history = {"loss": [], "train_accuracy": [], "learning_rate": []}
    for epoch in range(epochs):
        lr = scheduled_learning_rate(
            epoch, {**schedule, "learning_rate": learning_rate}
        )
        rates = layer_learning_rates(lr, L, ratio=layer_ratio)
        mask_rng = np.random.default_rng(mask_seeds[epoch])
        losses, correct = [], 0
        for idx in minibatch_indices(len(y), batch_size, epoch=epoch, seed=seed):
            # Forward: keep what each layer's backward needs.
            z, drop_cache = dropout_forward(
                X[idx], input_dropout, seed=int(mask_rng.integers(2**31)), inverted=True
            )
            caches = []
            for l, (W, b) in enumerate(params):
                u, affine_cache = affine_forward(z, W, b)
                if l == L - 1:
                    caches.append((drop_cache, affine_cache, None))
                    break
                z, act_cache = act_forward(u)
                caches.append((drop_cache, affine_cache, act_cache))
                z, drop_cache = dropout_forward(
                    z, dropout, seed=int(mask_rng.integers(2**31)), inverted=True
                )
            loss, delta = softmax_cross_entropy(u, y[idx])
            penalty, decay_grads = weight_decay_penalty(params, weight_decay)
            losses.append(loss + penalty)
            correct += int(np.sum(np.argmax(u, axis=1) == y[idx]))

            # Backward, then one update per array.
            grads = [None] * L
            for l in reversed(range(L)):
                drop_cache, affine_cache, act_cache = caches[l]
                if act_cache is not None:
                    delta = act_backward(delta, act_cache)
                delta, dW, db = affine_backward(delta, affine_cache)
                delta = dropout_backward(delta, drop_cache)
                grads[l] = (dW + decay_grads[l][0], db + decay_grads[l][1])
            for l in range(L):
                (W, b), (dW, db) = params[l], grads[l]
                config_W, config_b = configs[l]
                config_W = {**config_W, "learning_rate": rates[l]}
                config_b = {**config_b, "learning_rate": rates[l]}
                W, config_W = _UPDATES[update](W, dW, config_W)
                b, config_b = _UPDATES[update](b, db, config_b)
                if max_norm is not None:
                    W = max_norm_constraint(W, max_norm)
                params[l] = (W, b)
                configs[l] = (config_W, config_b)
        history["loss"].append(float(np.mean(losses)))
        history["train_accuracy"].append(correct / len(y))
        history["learning_rate"].append(float(lr))
    return {"params": params, "history": history}
    # <<< student


def predict_mlp(params, X, activation="relu"):
    """Class labels of a trained MLP: the argmax of the output layer's input.

    Parameters
    ----------
    params : list of (W, b), from ``train_mlp``
    X : ndarray of shape (N, D)
    activation : the hidden activation used in training

    Returns
    -------
    labels : ndarray of int64, shape (N,)
    """
    X = as_float_array("X", X, ndim=2)
    params = check_params(X, params)
    check_choice("activation", activation, tuple(ACTIVATIONS))
    # >>> student: step3.train_mlp
    u, _ = network_forward(X, params, activation)
    labels = np.argmax(u, axis=1).astype(np.int64)
    return labels
    # <<< student
